import { appendFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { openDatabase, type Database } from '@civicgraph/db';
import { createRequestLog, verifyChain, REQUEST_LOG, type RequestRecord } from '../index';
import { migratedSnapshot } from './migratedSnapshot';

const record = (i: number): RequestRecord => ({
  requestId: `req-${i}`,
  at: new Date(Date.UTC(2026, 11, 3, 8, 0, 0, i)),
  app: 'app-1',
  department: 'SH-PSB',
  scenario: 'newborn-registration',
  grantVersion: 3,
  subject: null,
  useReason: null,
  operationIndex: 0,
  operationName: null,
  documentHash: null,
  coordinates: [],
  decision: 'REFUSED',
  errorCodes: ['FORBIDDEN'],
  records: 0,
  durationMs: 1,
  correlationId: null,
  released: 'NONE',
  person: null,
  client: null,
});

/** The governance database behind a switch: while `down`, every statement fails as a lost connection does. */
function switchable(db: Database) {
  const state = { down: false };
  const proxy = new Proxy(db, {
    get(target, property, receiver) {
      if (property === 'query') {
        return (...args: Parameters<Database['query']>) =>
          state.down ? Promise.reject(new Error('Connection terminated unexpectedly')) : target.query(...args);
      }
      return Reflect.get(target, property, receiver) as unknown;
    },
  });
  return { db: proxy, state };
}

const until = async (condition: () => boolean, ms = 5_000) => {
  const deadline = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
};

describe('the request log spool', () => {
  let migrated: Blob;
  let db: Database;
  let folder: string;
  beforeAll(async () => {
    migrated = await migratedSnapshot('governance');
  });
  beforeEach(async () => {
    db = await openDatabase({ name: 'governance', loadDataDir: migrated });
    folder = mkdtempSync(path.join(tmpdir(), 'spool-'));
  });
  afterEach(async () => {
    await db.close();
    rmSync(folder, { recursive: true, force: true });
  });

  const requestIds = async () => (await db.query<{ request_id: string }>('SELECT request_id FROM audit_request ORDER BY seq')).map((r) => r.request_id);

  it('keeps records on disk while the store is down and chains them in order when it returns, before newer ones', async () => {
    const { db: store, state } = switchable(db);
    const spoolFile = path.join(folder, 'request-log.spool');
    const log = createRequestLog(store, { spoolFile, spoolRetryMs: 50 });
    try {
      await log.append([record(1)]);
      state.down = true;
      // Appends resolve (the caller may release the response): the records are fsynced in the spool.
      await Promise.all([log.append([record(2), record(3)]), log.append([record(4)])]);
      expect(log.spooled()).toBe(3);
      expect(readFileSync(spoolFile, 'utf8').trim().split('\n')).toHaveLength(3);
      state.down = false;
      // A record arriving while the spool still holds older ones goes after them.
      await log.append([record(5)]);
      await until(() => log.spooled() === 0);
      expect(await requestIds()).toEqual(['req-1', 'req-2', 'req-3', 'req-4', 'req-5']);
      expect(readFileSync(spoolFile, 'utf8')).toBe('');
      expect((await verifyChain(db, REQUEST_LOG)).problem).toBeNull();
    } finally {
      await log.close();
    }
  });

  it('replays what a stopped process left in its spool, dropping a last line cut short by a crash', async () => {
    const { db: store, state } = switchable(db);
    const spoolFile = path.join(folder, 'request-log.spool');
    state.down = true;
    const first = createRequestLog(store, { spoolFile, spoolRetryMs: 50 });
    await first.append([record(1), record(2)]);
    await first.close();
    appendFileSync(spoolFile, '["req-3", "2026-12-0');
    state.down = false;
    const second = createRequestLog(store, { spoolFile, spoolRetryMs: 50 });
    try {
      expect(second.spooled()).toBe(2);
      await until(() => second.spooled() === 0);
      expect(await requestIds()).toEqual(['req-1', 'req-2']);
      const [row] = await db.query<{ at: Date; released: string; error_codes: string[] }>(`SELECT at, released, error_codes FROM audit_request WHERE seq = 1`);
      expect(row).toEqual({ at: record(1).at, released: 'NONE', error_codes: ['FORBIDDEN'] });
      expect((await verifyChain(db, REQUEST_LOG)).problem).toBeNull();
    } finally {
      await second.close();
    }
  });

  it('fails an append when neither the store nor the spool can take it', async () => {
    const { db: store, state } = switchable(db);
    const spoolFile = path.join(folder, 'no-such-folder-file');
    const log = createRequestLog(store, { spoolFile, spoolRetryMs: 50 });
    try {
      rmSync(folder, { recursive: true, force: true });
      state.down = true;
      await expect(log.append([record(1)])).rejects.toThrow();
      expect(log.spooled()).toBe(0);
    } finally {
      await log.close().catch(() => {});
    }
  });
});
