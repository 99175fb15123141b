import { headerText } from '../index';

/** A header value as Node hands it over: each byte of the raw UTF-8 as one Latin-1 character. */
const onTheWire = (text: string) => Buffer.from(text, 'utf8').toString('latin1');

describe('headerText: a header as the user wrote it, or why it cannot be stored', () => {
  it.each([
    ['plain ASCII', 'case 2026-0001', 'case 2026-0001'],
    ['raw UTF-8', onTheWire('办理户籍业务'), '办理户籍业务'],
    ['percent-encoded UTF-8', encodeURIComponent('办理户籍业务'), '办理户籍业务'],
    ['a literal percent beside an escape', `50% ${encodeURIComponent('补贴')}`, '50% 补贴'],
    ['surrounding spaces', '  visit  ', 'visit'],
  ])('reads %s', (_case, raw, value) => {
    expect(headerText(raw, 'X-Use-Reason', 200)).toEqual({ value });
  });

  it('reads nothing as no value', () => {
    expect(headerText(undefined, 'X-Use-Reason', 200)).toEqual({ value: null });
    expect(headerText('   ', 'X-Use-Reason', 200)).toEqual({ value: null });
  });

  it.each([
    ['a percent-encoded NUL', '%00', 'contains control characters'],
    ['a percent-encoded line break', 'a%0Ab', 'contains control characters'],
    ['a C1 control character', onTheWire('a\u0085b'), 'contains control characters'],
    ['bytes that are not UTF-8', '\u00ff\u00fe', 'is not valid UTF-8'],
    ['percent-encoded bytes that are not UTF-8', '%C3%28', 'percent-encodes bytes that are not valid UTF-8'],
    ['too many characters (counted as characters, not bytes)', onTheWire('办'.repeat(201)), 'must be at most 200 characters'],
  ])('refuses %s, naming the header', (_case, raw, reason) => {
    expect(headerText(raw, 'X-Use-Reason', 200)).toEqual({ value: null, problem: { argument: 'X-Use-Reason', reason } });
  });

  it('counts 200 Chinese characters as 200', () => {
    expect(headerText(onTheWire('办'.repeat(200)), 'X-Use-Reason', 200).value).toHaveLength(200);
  });
});
