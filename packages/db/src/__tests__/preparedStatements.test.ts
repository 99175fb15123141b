import { openDatabase, type Database } from '../index';

describe('prepared statements (embedded PGlite)', () => {
  let db: Database;
  beforeAll(async () => {
    db = await openDatabase({ name: 'prepared' });
    await db.exec('CREATE TABLE item (id int PRIMARY KEY, label text)');
  });
  afterAll(() => db.close());

  const preparedNames = async () => (await db.query<{ name: string }>('SELECT name FROM pg_prepared_statements ORDER BY name')).map((r) => r.name);

  it('answers as an unnamed query does, parsing the statement once per name', async () => {
    const sql = 'SELECT $1::int + 1 AS n, $2::text AS t, $3::boolean AS b, $4::timestamptz AS at';
    const at = new Date('2026-11-28T02:00:00Z');
    const unnamed = await db.query(sql, [41, 'x', true, at]);
    const first = await db.query(sql, [41, 'x', true, at], { prepared: 'answer' });
    const again = await db.query(sql, [1, null, false, at], { prepared: 'answer' });
    expect(first).toEqual(unnamed);
    expect(first).toEqual([{ n: 42, t: 'x', b: true, at }]);
    expect(again).toEqual([{ n: 2, t: null, b: false, at }]);
    expect(await preparedNames()).toEqual(['answer']);
  });

  it('reports a bad value with its SQLSTATE and keeps the statement usable', async () => {
    const sql = 'INSERT INTO item (id, label) VALUES ($1, $2) RETURNING id';
    await expect(db.query(sql, ['not a number', 'a'], { prepared: 'insert_item' })).rejects.toMatchObject({ code: '22P02' });
    // Parsed by the failed call: used, not parsed again (which would fail with 42P05, already exists).
    expect(await db.query(sql, [1, 'a'], { prepared: 'insert_item' })).toEqual([{ id: 1 }]);
    await expect(db.query(sql, [1, 'again'], { prepared: 'insert_item' })).rejects.toMatchObject({ code: '23505' });
  });

  it('refuses a statement that does not parse, and a name reused for another statement', async () => {
    await expect(db.query('SELEC 1', [], { prepared: 'broken' })).rejects.toMatchObject({ code: '42601' });
    expect(await db.query('SELECT 2 AS two', [], { prepared: 'broken' })).toEqual([{ two: 2 }]);
    await expect(db.query('SELECT 3 AS three', [], { prepared: 'broken' })).rejects.toThrow(/already holds another statement/);
  });

  it('sends an array as PostgreSQL array text, every element quoted', async () => {
    const awkward = ['plain', 'with "quotes"', 'back\\slash', 'comma, {braces}', '', 'NULL'];
    const sql = 'SELECT $1::text[] AS a, cardinality($1::text[]) AS n';
    expect(await db.query(sql, [awkward], { prepared: 'array' })).toEqual([{ a: awkward, n: awkward.length }]);
    // A null element arrives as NULL, not as the text 'NULL' (PGlite's reader prints both alike, so asked in SQL).
    const nulls = 'SELECT array_position($1::text[], NULL) AS "nullAt", array_position($1::text[], $2) AS "textAt"';
    expect(await db.query(nulls, [['a', null, 'NULL'], 'NULL'], { prepared: 'array_null' })).toEqual([{ nullAt: 2, textAt: 3 }]);
    expect(await db.query('SELECT $1::int[] AS a', [[1, 2]], { prepared: 'int_array' })).toEqual([{ a: [1, 2] }]);
  });

  it('refuses values it cannot send in text format', async () => {
    await expect(db.query('SELECT $1::text AS a', [{ not: 'text' }], { prepared: 'object' })).rejects.toThrow(TypeError);
    await expect(db.query('SELECT $1::text[] AS a', [[['nested']]], { prepared: 'nested' })).rejects.toThrow(TypeError);
  });

  it('never runs inside a transaction another caller holds open', async () => {
    let release!: () => void;
    let opened!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const open = new Promise<void>((resolve) => (opened = resolve));
    const rolledBack = db.transaction(async (tx) => {
      await tx.query(`INSERT INTO item (id, label) VALUES (10, 'rolled back')`);
      opened();
      await held;
      throw new Error('roll back');
    });
    await open;
    // Issued while the transaction is open: must wait for it, not join it (and be rolled back with it).
    const prepared = db.query(`INSERT INTO item (id, label) VALUES (11, 'kept') RETURNING id`, [], { prepared: 'insert_kept' });
    await new Promise((resolve) => setTimeout(resolve, 20));
    release();
    await expect(rolledBack).rejects.toThrow('roll back');
    expect(await prepared).toEqual([{ id: 11 }]);
    expect(await db.query('SELECT id FROM item WHERE id >= 10 ORDER BY id')).toEqual([{ id: 11 }]);
  });
});
