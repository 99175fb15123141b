import {
  iso7064HybridCheck,
  makeIdNumber,
  makeLicenseIdentifier,
  makeUscc,
  parseDivisionCode,
  parseIdNumber,
  parseLicenseIdentifier,
  parseUscc,
  upgradeIdNumber,
} from '../index';

const reasonOf = (r: { ok: boolean; reason?: string }) => (r.ok ? 'ok' : r.reason);

describe('citizen ID number (GB 11643-1999)', () => {
  it.each(['11010519491231002X', '440524188001010014', '310101199003071230', '310115198512014561'])('accepts %s', (id) => {
    expect(reasonOf(parseIdNumber(id))).toBe('ok');
  });

  it('takes the number apart', () => {
    expect(parseIdNumber('11010519491231002x')).toEqual({
      ok: true,
      value: { value: '11010519491231002X', addressCode: '110105', birthDate: '1949-12-31', sequence: '002', gender: 'FEMALE' },
    });
    expect(parseIdNumber('310101199003071230')).toMatchObject({ value: { gender: 'MALE' } });
  });

  it.each([
    ['110105194912310021', 'check character should be X'],
    ['31010119900307123X', 'check character should be 0'],
    ['310115199002301231', 'birth date 19900230 is not a valid date'],
    ['3101011990030712', 'must be 18 characters, got 16'],
    ['31010119900307123Y', 'must be 17 digits followed by a digit or X'],
    ['310101900307123', '15-digit legacy ID numbers must be upgraded to 18 characters first (upgradeIdNumber)'],
  ])('rejects %s: %s', (id, reason) => {
    expect(reasonOf(parseIdNumber(id))).toBe(reason);
  });

  it('rejects a birth date in the future', () => {
    const id = makeIdNumber('310101', '2030-01-01', 1);
    expect(reasonOf(parseIdNumber(id, new Date('2026-11-27')))).toBe('birth date 2030-01-01 is in the future');
  });

  it('accepts abolished address codes (Luwan, Zhabei, Nanhui, Chongming County)', () => {
    for (const code of ['310103', '310108', '310119', '310230']) expect(reasonOf(parseIdNumber(makeIdNumber(code, '1980-05-05', 12)))).toBe('ok');
  });

  it('upgrades 15-digit legacy numbers', () => {
    expect(upgradeIdNumber('110105491231002')).toEqual({ ok: true, value: '11010519491231002X' });
    expect(reasonOf(upgradeIdNumber('11010549123100'))).toBe('a legacy ID number is 15 digits');
    expect(reasonOf(upgradeIdNumber('110105490230002'))).toBe('birth date 19490230 is not a valid date');
  });
});

describe('USCC (GB 32100-2015)', () => {
  it.each(['91350100M000100Y43', '914403001922038216', '9144030071526726XG'])('accepts %s', (code) => {
    expect(reasonOf(parseUscc(code))).toBe('ok');
  });

  it.each([
    ['91350100M000100Y44', 'check character should be 3'],
    ['91350100M000100Y4I', 'character "I" is not allowed (the alphabet has no I, O, Z, S or V)'],
    ['91350100M0001TGQXM', 'check character should be 1'], // an early pilot code: legal, yet fails the checksum,
    ['9135010', 'must be 18 characters, got 7'],
  ])('rejects %s: %s', (code, reason) => {
    expect(reasonOf(parseUscc(code))).toBe(reason);
  });

  it('checks the organisation-code segment (GB 11714) on its own', () => {
    // Overall check recomputed so only the inner organisation-code check is wrong.
    const good = makeUscc('9', '1', '310115', 'MA1FL5RX');
    const innerBroken = `${good.slice(0, 16)}${good[16] === '0' ? '1' : '0'}`;
    const { usccCheckChar } = jest.requireActual('../uscc');
    expect(reasonOf(parseUscc(innerBroken + usccCheckChar(innerBroken)))).toMatch(/^organisation code check character should be /);
    expect(parseUscc(good)).toMatchObject({ ok: true, value: { department: '9', organisationType: '1', divisionCode: '310115' } });
  });
});

describe('division code (GB/T 2260)', () => {
  it('knows the levels', () => {
    expect(parseDivisionCode('310000')).toMatchObject({ value: { level: 'PROVINCE' } });
    expect(parseDivisionCode('310115')).toMatchObject({ value: { level: 'COUNTY', countyCode: '310115' } });
    expect(parseDivisionCode('310101002')).toMatchObject({ value: { level: 'TOWNSHIP', countyCode: '310101' } });
  });

  it.each([
    ['31011', 'must be 6 digits (GB/T 2260) or 9 digits (township)'],
    ['990101', '"99" is not a GB/T 2260 province code'],
  ])('rejects %s', (code, reason) => expect(reasonOf(parseDivisionCode(code))).toBe(reason));
});

describe('license identifier', () => {
  it('computes ISO 7064 MOD 11,10 as published (0794 → 5)', () => {
    expect(iso7064HybridCheck('0794', 10)).toBe('5');
  });

  it('round-trips and detects a changed character', () => {
    const issuer = makeUscc('1', '1', '310000', '00248314');
    const id = makeLicenseIdentifier('11100000MB0143028R001', issuer, '20260001', '001');
    expect(parseLicenseIdentifier(id)).toMatchObject({ ok: true, value: { serial: '20260001', version: '001' } });
    const tampered = id.replace('20260001', '20260002');
    expect(reasonOf(parseLicenseIdentifier(tampered))).toMatch(/^check character should be /);
  });

  it.each([
    ['2.1.156.1', 'must start with 1.2.156.3005.2.'],
    ['1.2.156.3005.2.A.B', 'must have 5 segments after the prefix: type, issuer USCC, serial, version, check'],
    ['1.2.156.3005.2.T1.91350100M000100Y44.1.001.A', 'issuer code: check character should be 3'],
    ['1.2.156.3005.2.T1.91350100M000100Y43.1.01.A', 'version must be 3 digits'],
  ])('rejects %s', (id, reason) => expect(reasonOf(parseLicenseIdentifier(id))).toBe(reason));
});
