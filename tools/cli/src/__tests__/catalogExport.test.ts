import { toCsv } from '../commands/catalogExport';

describe('CSV export', () => {
  it('quotes what needs quoting (RFC 4180) and leaves nulls empty', () => {
    expect(toCsv([{ a: 'plain', b: 'with, comma', c: 'say "hi"', d: null, e: 3 }])).toBe('a,b,c,d,e\r\nplain,"with, comma","say ""hi""",,3\r\n');
    expect(toCsv([])).toBe('');
  });
});
