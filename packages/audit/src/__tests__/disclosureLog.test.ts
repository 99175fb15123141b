import { openDatabase, type Database } from '@civicgraph/db';
import { createChainWriter, createDisclosureLog, DisclosureRecorder, DISCLOSURE_LOG, verifyChain, type AuditCaller } from '../index';
import { migratedSnapshot } from './migratedSnapshot';

const caller = (requestId: string): AuditCaller => ({
  requestId,
  at: new Date(Date.UTC(2026, 10, 27, 8, 0, 0)),
  app: 'app-1',
  department: 'SH-CAB',
  scenario: 'district-office',
  grantVersion: 2,
  subject: null,
  useReason: '社区事务受理',
});

describe('DisclosureRecorder', () => {
  it('writes one record per entity type and set of fields, naming every record read alike', () => {
    const recorder = new DisclosureRecorder();
    for (const key of ['p1', 'p2', 'p3']) {
      recorder.record('Person', key, 'name', false);
      recorder.record('Person', key, 'idNumber', true);
    }
    recorder.record('Person', 'p4', 'name', false); // fewer fields: its own record
    recorder.record('Person', 'p2', 'name', false); // read again: nothing new
    recorder.record('Division', '310101', 'name', false);
    expect(recorder.size).toBe(5);
    expect(recorder.records(caller('r1'))).toEqual([
      { ...caller('r1'), entityType: 'Person', entityKeys: ['p1', 'p2', 'p3'], fields: ['idNumber', 'name'], maskedFields: ['idNumber'] },
      { ...caller('r1'), entityType: 'Person', entityKeys: ['p4'], fields: ['name'], maskedFields: [] },
      { ...caller('r1'), entityType: 'Division', entityKeys: ['310101'], fields: ['name'], maskedFields: [] },
    ]);
  });

  it('keeps a field read raw for one record apart from the same field read masked for another', () => {
    const recorder = new DisclosureRecorder();
    recorder.record('Person', 'p1', 'name', false);
    recorder.record('Person', 'p2', 'name', true);
    expect(recorder.records(caller('r1')).map((r) => [r.entityKeys, r.maskedFields])).toEqual([
      [['p1'], []],
      [['p2'], ['name']],
    ]);
  });
});

describe('disclosure log across the entity_keys migration', () => {
  let migrated: Blob;
  let db: Database;
  beforeAll(async () => {
    migrated = await migratedSnapshot('population');
  });
  beforeEach(async () => {
    db = await openDatabase({ name: 'population', loadDataDir: migrated });
  });
  afterEach(() => db.close());

  /** Records as the writer before the migration made them: one key each, in `entity_key`, hashed without `entity_keys`. */
  const appendOldStyle = (keys: string[]) =>
    createChainWriter(db, { table: DISCLOSURE_LOG.table, columns: DISCLOSURE_LOG.columns })(
      keys.map((key) => {
        const c = caller('old');
        return [c.requestId, c.at, c.app, c.department, c.scenario, c.grantVersion, c.subject, c.useReason, 'Person', key, ['name'], []];
      }),
    );

  it('verifies a chain of records written before and after, and finds each record by key', async () => {
    await appendOldStyle(['p1', 'p2']);
    const log = createDisclosureLog(db, 'population');
    await log.append([{ ...caller('new'), entityType: 'Person', entityKeys: ['p2', 'p3'], fields: ['name'], maskedFields: [] }]);
    expect(await verifyChain(db, DISCLOSURE_LOG)).toMatchObject({ records: 3, head: { seq: 3 }, problem: null });
    const readersOf = async (key: string) =>
      (await db.query<{ seq: string }>(`SELECT seq FROM audit_disclosure WHERE entity_key = $1 OR entity_keys @> ARRAY[$1] ORDER BY seq`, [key])).map((r) =>
        Number(r.seq),
      );
    expect([await readersOf('p1'), await readersOf('p2'), await readersOf('p3')]).toEqual([[1], [2, 3], [3]]);
  });

  it('names a record whose list of keys was edited', async () => {
    const log = createDisclosureLog(db, 'population');
    await log.append([{ ...caller('new'), entityType: 'Person', entityKeys: ['p1', 'p2'], fields: ['name'], maskedFields: [] }]);
    await log.append([{ ...caller('newer'), entityType: 'Person', entityKeys: ['p3'], fields: ['name'], maskedFields: [] }]);
    await db.transaction(async (tx) => {
      await tx.query('ALTER TABLE audit_disclosure DISABLE TRIGGER USER');
      await tx.query(`UPDATE audit_disclosure SET entity_keys = ARRAY['p1'] WHERE seq = 1`);
      await tx.query('ALTER TABLE audit_disclosure ENABLE TRIGGER USER');
    });
    expect((await verifyChain(db, DISCLOSURE_LOG)).problem).toBe('record 1 was edited: its content does not match its hash');
  });

  it('refuses a record naming no record, or naming records both ways', async () => {
    const insert = (key: string | null, keys: string[] | null) =>
      db.query(
        `INSERT INTO audit_disclosure (seq, request_id, at, entity_type, entity_key, entity_keys, fields, masked_fields, prev_hash, hash)
         VALUES (1, 'r', now(), 'Person', $1, $2, '{}', '{}', repeat('0', 64), repeat('0', 64))`,
        [key, keys],
      );
    await expect(insert(null, null)).rejects.toThrow(/audit_disclosure_one_key_form/);
    await expect(insert(null, [])).rejects.toThrow(/audit_disclosure_one_key_form/);
    await expect(insert('p1', ['p1'])).rejects.toThrow(/audit_disclosure_one_key_form/);
  });
});
