import { openDatabase, type Database } from '@civicgraph/db';
import { makeIdNumber, makeUscc, parseIdNumber, parseUscc } from '@civicgraph/identifiers';
import { catalogItems } from '@civicgraph/schema';
import { QUALITY_RULES, validIdNumberSql, validUsccSql } from '..';

describe('the rules sit beside the catalog', () => {
  const items = new Map(catalogItems().map((i) => [i.coordinate, i]));

  test.each(QUALITY_RULES.map((r) => [r.code, r] as const))('%s names a catalogued item of its own database', (_code, rule) => {
    expect(items.get(rule.item)?.database).toBe(rule.database);
  });

  test('codes are unique', () => {
    expect(new Set(QUALITY_RULES.map((r) => r.code)).size).toBe(QUALITY_RULES.length);
  });
});

describe('checksums in SQL agree with @civicgraph/identifiers', () => {
  let db: Database;
  beforeAll(async () => {
    db = await openDatabase({ name: 'quality-sql' });
  });
  afterAll(() => db.close());

  /** Every value with each of its possible last characters, and a few malformed ones. */
  function variants(valid: string[], alphabet: string): string[] {
    return [
      ...valid.flatMap((v) => [...alphabet].map((c) => v.slice(0, 17) + c)),
      '',
      'short',
      '11010519491231002x',
      '1101051949123100２X',
      'I1010519491231002X',
    ];
  }

  test('ID numbers', async () => {
    const valid = [makeIdNumber('110105', '1949-12-31', 2), makeIdNumber('310115', '2001-02-03', 87), makeIdNumber('310101', '1987-06-05', 123)];
    const values = variants(valid, '0123456789X');
    const [row] = await db.query<{ results: boolean[] }>(
      `SELECT array_agg(${validIdNumberSql('v')} ORDER BY i) AS results FROM unnest($1::text[]) WITH ORDINALITY AS t(v, i)`,
      [values],
    );
    expect(row!.results).toEqual(values.map((v) => parseIdNumber(v).ok && v === v.toUpperCase()));
    expect(row!.results.filter(Boolean)).toHaveLength(valid.length);
  });

  test('USCCs', async () => {
    const valid = [makeUscc('9', '1', '310115', 'MA1FL8LQ'), makeUscc('1', '1', '100000', '00001333'), makeUscc('5', '2', '310101', '12345678')];
    const values = variants(valid, '0123456789ABCDEFGHJKLMNPQRTUWXY');
    const [row] = await db.query<{ results: boolean[] }>(
      `SELECT array_agg(${validUsccSql('v')} ORDER BY i) AS results FROM unnest($1::text[]) WITH ORDINALITY AS t(v, i)`,
      [values],
    );
    // parseUscc also checks the organisation code inside; the SQL checks the overall character only.
    const overallOnly = values.map((v) => /^[0-9A-HJ-NPQRTUWXY]{18}$/.test(v) && valid.some((ok) => ok === v));
    expect(row!.results).toEqual(overallOnly);
    for (const v of valid) expect(parseUscc(v).ok).toBe(true);
  });
});
