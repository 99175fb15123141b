import { openDatabase, type Database } from '@civicgraph/db';
import { createRequestLog, verifyChain, REQUEST_LOG, recordHash, type RequestRecord } from '../index';
import { migratedSnapshot } from './migratedSnapshot';

const record = (i: number): RequestRecord => ({
  requestId: `req-${i}`,
  at: new Date(Date.UTC(2026, 10, 27, 8, 0, 0, i)),
  app: 'app-1',
  department: 'SH-PSB',
  scenario: 'newborn-registration',
  grantVersion: 3,
  subject: i % 2 ? '11010519491231002X' : null,
  useReason: '新生儿登记',
  operationIndex: 0,
  operationName: 'Profile',
  documentHash: 'a'.repeat(64),
  coordinates: ['Query.personByIdNumber', 'Person.name'],
  decision: 'ALLOWED',
  errorCodes: [],
  records: i,
  durationMs: 12,
  correlationId: null,
  released: 'DELIVERED',
  person: null,
  client: null,
});

describe('hash-chained request log', () => {
  let migrated: Blob;
  let db: Database;
  beforeAll(async () => {
    migrated = await migratedSnapshot('governance');
  });
  // A fresh governance database with 20 records, written by concurrent appends.
  beforeEach(async () => {
    db = await openDatabase({ name: 'governance', loadDataDir: migrated });
    const log = createRequestLog(db);
    await Promise.all(Array.from({ length: 20 }, (_, i) => log.append([record(i + 1)])));
    expect((await db.query<{ n: number }>('SELECT count(*)::int AS n FROM audit_request'))[0]!.n).toBe(20);
  });
  afterEach(() => db.close());

  /** What an attacker with the table owner's rights does first: switch the append-only trigger off. */
  const tamper = (sql: string, params: unknown[] = []) =>
    db.transaction(async (tx) => {
      await tx.query('ALTER TABLE audit_request DISABLE TRIGGER USER');
      await tx.query(sql, params);
      await tx.query('ALTER TABLE audit_request ENABLE TRIGGER USER');
    });

  it('verifies an untouched chain, reporting its head', async () => {
    const report = await verifyChain(db, REQUEST_LOG);
    expect(report).toMatchObject({ table: 'audit_request', records: 20, head: { seq: 20 }, problem: null });
  });

  it('refuses ordinary updates and deletes (append-only trigger)', async () => {
    await expect(db.query(`UPDATE audit_request SET records = 0 WHERE seq = 3`)).rejects.toThrow(/append-only/);
    await expect(db.query(`DELETE FROM audit_request WHERE seq = 3`)).rejects.toThrow(/append-only/);
    await expect(db.query(`TRUNCATE audit_request`)).rejects.toThrow(/append-only/);
  });

  it('names an edited record', async () => {
    await tamper(`UPDATE audit_request SET records = 999 WHERE seq = 7`);
    expect((await verifyChain(db, REQUEST_LOG)).problem).toBe('record 7 was edited: its content does not match its hash');
  });

  it('names a record whose hash was recomputed after editing (its successor no longer follows)', async () => {
    const [row] = await db.query<Record<string, unknown>>(`SELECT * FROM audit_request WHERE seq = 7`);
    const values = [...REQUEST_LOG.columns, ...REQUEST_LOG.addedColumns!].map((c) => (c === 'subject' ? '110105194912310021' : row![c])) as never[];
    // Added columns are hashed up to the last one set, as the writer hashes them.
    while (values.length > REQUEST_LOG.columns.length && values[values.length - 1] == null) values.pop();
    await tamper(`UPDATE audit_request SET subject = $1, hash = $2 WHERE seq = 7`, ['110105194912310021', recordHash(row!.prev_hash as string, 7, values)]);
    expect((await verifyChain(db, REQUEST_LOG)).problem).toBe(
      'record 8 does not follow record 7: record 7 was rewritten, or records were removed or reordered',
    );
  });

  it('names a deleted record', async () => {
    await tamper(`DELETE FROM audit_request WHERE seq = 12`);
    expect((await verifyChain(db, REQUEST_LOG)).problem).toBe('record 12 is missing (deleted)');
  });

  it('names records deleted from the end', async () => {
    await tamper(`DELETE FROM audit_request WHERE seq >= 19`);
    expect((await verifyChain(db, REQUEST_LOG)).problem).toBe('records 19–20 are missing (deleted from the end)');
  });

  it('names reordered records', async () => {
    await tamper(`UPDATE audit_request SET seq = -seq WHERE seq IN (4, 5)`);
    await tamper(`UPDATE audit_request SET seq = CASE seq WHEN -4 THEN 5 ELSE 4 END WHERE seq IN (-4, -5)`);
    expect((await verifyChain(db, REQUEST_LOG)).problem).toBe('record 4 was edited: its content does not match its hash');
  });

  it('names a forged record appended behind the writer’s back, even with a well-formed hash', async () => {
    const [last] = await db.query<Record<string, unknown>>(`SELECT * FROM audit_request WHERE seq = 20`);
    const values = REQUEST_LOG.columns.map((c) => last![c]) as never[];
    const columns = ['seq', ...REQUEST_LOG.columns, 'prev_hash', 'hash'];
    await tamper(`INSERT INTO audit_request (${columns.join(', ')}) VALUES (${columns.map((_, i) => `$${i + 1}`).join(', ')})`, [
      21,
      ...values,
      last!.hash,
      recordHash(last!.hash as string, 21, values),
    ]);
    expect((await verifyChain(db, REQUEST_LOG)).problem).toBe('record 21 was appended outside the audit writer (the chain head ends at 20)');
  });

  it('holds the heads anchored elsewhere, and names a chain rewritten whole, head included', async () => {
    const { head } = await verifyChain(db, REQUEST_LOG);
    const middle = (await db.query<{ hash: string }>(`SELECT hash FROM audit_request WHERE seq = 10`))[0]!;
    const anchors = [head!, { seq: 10, hash: middle.hash }];
    expect(await verifyChain(db, REQUEST_LOG, anchors)).toMatchObject({ records: 20, problem: null });
    // The whole log written again with one subject changed: every link and the head agree, the anchor does not.
    const rewritten = await openDatabase({ name: 'governance', loadDataDir: migrated });
    try {
      const log = createRequestLog(rewritten);
      for (let i = 1; i <= 20; i++) await log.append([{ ...record(i), subject: i === 3 ? '110105194912310021' : record(i).subject }]);
      expect(await verifyChain(rewritten, REQUEST_LOG)).toMatchObject({ records: 20, problem: null });
      expect((await verifyChain(rewritten, REQUEST_LOG, anchors)).problem).toMatch(
        /^record 10 is not the record anchored \(hash [0-9a-f]{64}\): the chain was rewritten from there or before$/,
      );
    } finally {
      await rewritten.close();
    }
    expect((await verifyChain(db, REQUEST_LOG, [{ seq: 25, hash: head!.hash }])).problem).toBe(
      'record 25 was anchored, but the chain ends at 20: records were removed',
    );
  });

  it('continues the chain across writers and restarts, whoever appends first', async () => {
    const first = createRequestLog(db);
    const second = createRequestLog(db);
    // Each writer last saw the head at 20; whichever loses the compare-and-swap re-reads and retries.
    await Promise.all([first.append([record(21), record(22)]), second.append([record(23)]), first.append([record(24)])]);
    await second.append([record(25)]);
    expect(await verifyChain(db, REQUEST_LOG)).toMatchObject({ records: 25, problem: null });
  });

  it('refuses a value too long for its column rather than storing a cut copy', async () => {
    const log = createRequestLog(db);
    await expect(log.append([{ ...record(21), operationName: 'x'.repeat(300) }])).rejects.toThrow();
    await log.append([record(21)]);
    expect(await verifyChain(db, REQUEST_LOG)).toMatchObject({ records: 21, problem: null });
  });

  it('stores values exactly as hashed, whatever characters they hold', async () => {
    const log = createRequestLog(db);
    const odd = {
      ...record(21),
      useReason: '引号 "quoted", \\ backslash, {braces}, NULL',
      coordinates: ['a,b', '"q"', '{x}', 'NULL', ''],
      errorCodes: ['\u00e9\n'],
    };
    await log.append([odd]);
    const [row] = await db.query<{ use_reason: string; coordinates: string[]; error_codes: string[] }>(
      'SELECT use_reason, coordinates, error_codes FROM audit_request WHERE seq = 21',
    );
    expect(row).toEqual({ use_reason: odd.useReason, coordinates: odd.coordinates, error_codes: odd.errorCodes });
    expect(await verifyChain(db, REQUEST_LOG)).toMatchObject({ records: 21, problem: null });
  });
});
