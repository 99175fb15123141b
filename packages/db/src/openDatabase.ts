import { PGlite } from '@electric-sql/pglite';
import { PrismaPg } from '@prisma/adapter-pg';
import type { SqlDriverAdapter, SqlMigrationAwareDriverAdapterFactory, SqlQueryable, Transaction } from '@prisma/driver-adapter-utils';
import { Pool, type PoolClient } from 'pg';
import { PrismaPGlite } from 'pglite-prisma-adapter';
import { lockDataDir } from './dataDirLock';
import { queryPrepared } from './pglitePrepared';
import { traced } from './queryTracing';

export interface DatabaseOptions {
  /** Name used in logs and errors, e.g. `population`. */
  name: string;
  /** `postgres://…` selects a PostgreSQL server; otherwise the database is embedded PGlite. */
  url?: string;
  /** PGlite data folder; omitted or `memory://` keeps the database in memory. */
  dataDir?: string;
  /** PGlite only: start from a dump made by `Database.dump()` instead of running initdb, which is much slower. */
  loadDataDir?: Blob;
  /** PGlite only: PostgreSQL's buffer cache. Default 256MB (PGlite's own default is far smaller, and bulk loads and index scans past it slow down sharply). */
  sharedBuffers?: string;
  /** PostgreSQL only: connection pool size. Default 10. */
  poolSize?: number;
}

/** Statements sent to the database since it was opened (or since `reset`). */
export interface StatementCounter {
  count: number;
  /**
   * When set, sees each statement Prisma sends, with its arguments: lets a tool EXPLAIN exactly what a
   * request ran (the scale benchmark). Unset in served configurations.
   */
  observe?: (sql: string, args: readonly unknown[]) => void;
}

export interface QueryOptions {
  /**
   * Keep the statement parsed and planned under this name (per connection) and reuse it: for a statement
   * run very often with the same text (the audit's append). Ignored inside `transaction`. PostgreSQL
   * behind a transaction-pooling proxy (PgBouncer) needs its prepared-statement support for this.
   */
  prepared?: string;
}

/** Something that runs parameterised statements: a database, or one transaction on it. */
export interface Queryable {
  query<Row = Record<string, unknown>>(sql: string, params?: unknown[], options?: QueryOptions): Promise<Row[]>;
}

export interface Database {
  readonly name: string;
  readonly kind: 'pglite' | 'postgres';
  /** Driver adapter for Prisma clients and the schema engine; every statement through it is counted. */
  readonly adapter: SqlMigrationAwareDriverAdapterFactory;
  readonly statements: StatementCounter;
  /** Runs one parameterised statement outside Prisma (bulk loads, health checks, the audit logs). */
  query<Row = Record<string, unknown>>(sql: string, params?: unknown[], options?: QueryOptions): Promise<Row[]>;
  /** Runs a script of several statements without parameters. */
  exec(sql: string): Promise<void>;
  /**
   * Runs `work` in one transaction on one connection: committed when it resolves, rolled back when it
   * throws. Its statements are not added to `statements`.
   */
  transaction<T>(work: (tx: Queryable) => Promise<T>): Promise<T>;
  /**
   * Calls `onNotify` on each `NOTIFY` on `channel` (on PostgreSQL over a connection of its own, reopened when
   * it drops); resolves to what stops listening. A notification can be missed (a dropped connection): use it
   * to wake a reader, never as the record of what happened.
   */
  listen(channel: string, onNotify: () => void): Promise<() => Promise<void>>;
  /** PGlite only: a snapshot of the whole data folder, for `loadDataDir`. */
  dump(): Promise<Blob>;
  close(): Promise<void>;
}

export function isPostgresUrl(url: string | undefined): url is string {
  return !!url && /^postgres(ql)?:\/\//.test(url);
}

export async function openDatabase(options: DatabaseOptions): Promise<Database> {
  return isPostgresUrl(options.url) ? openPostgres(options, options.url) : openPGlite(options);
}

// PGlite's defaults (single-user mode, no fsync, no parallel workers), which a custom list must repeat.
// Added: a larger buffer cache, and room for 4 GB of WAL. In single-user mode the checkpoint forced at the
// default 1 GB stalled a bulk load for minutes (seen seeding ~350k residents); a million residents write
// about 1.5 GB of WAL to the license database.
const PGLITE_START_PARAMS = [
  '--single',
  '-F',
  '-O',
  '-j',
  '-c',
  'search_path=public',
  '-c',
  'exit_on_error=false',
  '-c',
  'log_checkpoints=false',
  '-c',
  'max_worker_processes=0',
  '-c',
  'max_parallel_workers=0',
  '-c',
  'max_parallel_workers_per_gather=0',
  // Prisma's PGlite adapter writes and reads timestamps as text without an offset, as UTC: a session in the
  // process's time zone (PGlite takes TZ) would store and read them hours off.
  '-c',
  'TimeZone=UTC',
];

async function openPGlite(options: DatabaseOptions): Promise<Database> {
  const onDisk = !!options.dataDir && !options.dataDir.startsWith('memory://');
  const unlock = onDisk ? lockDataDir(options.dataDir!) : () => {};
  try {
    return await startPGlite(options, unlock);
  } catch (error) {
    unlock();
    throw error;
  }
}

async function startPGlite(options: DatabaseOptions, unlock: () => void): Promise<Database> {
  const client = new PGlite({
    dataDir: options.dataDir,
    loadDataDir: options.loadDataDir,
    startParams: [...PGLITE_START_PARAMS, '-c', `shared_buffers=${options.sharedBuffers ?? '256MB'}`, '-c', 'max_wal_size=4GB'],
  });
  await client.waitReady;
  const statements: StatementCounter = { count: 0 };
  const database = options.name;
  const prepared = new Map<string, string>();
  const inner = new PrismaPGlite(client);
  const adapter = countStatements(inner, statements, async (script) => {
    // pglite-prisma-adapter 0.7 fires executeScript without awaiting it, which loses migration errors.
    await client.exec(script);
  });
  return {
    name: options.name,
    kind: 'pglite',
    adapter,
    statements,
    async query<Row>(sql: string, params: unknown[] = [], options?: QueryOptions) {
      statements.count++;
      return traced(database, sql, async () =>
        options?.prepared ? queryPrepared<Row>(client, prepared, options.prepared, sql, params) : (await client.query<Row>(sql, params)).rows,
      );
    },
    async exec(sql) {
      statements.count++;
      await client.exec(sql);
    },
    transaction: (work) => client.transaction((tx) => work({ query: async (sql, params = []) => (await tx.query<never>(sql, params)).rows })),
    listen: async (channel, onNotify) => {
      const stop = await client.listen(channel, () => onNotify());
      return () => stop();
    },
    dump: () => client.dumpDataDir('none') as Promise<Blob>,
    async close() {
      try {
        await client.close();
      } finally {
        unlock();
      }
    },
  };
}

async function openPostgres(options: DatabaseOptions, url: string): Promise<Database> {
  // A new connection costs the server a process and cold catalog caches (InitPostgres was ~8 % of
  // PostgreSQL's CPU over the benchmark, whose variants take turns): keep idle connections for a minute
  // rather than node-postgres's 10 s, so load that comes and goes does not reconnect each time.
  // A database out of reach is reported within seconds, not after the operating system's TCP timeout.
  const pool = new Pool({ connectionString: url, max: options.poolSize ?? 10, idleTimeoutMillis: 60_000, connectionTimeoutMillis: 5_000 });
  // An idle connection the server cut (restart, pg_terminate_backend) is dropped by the pool and replaced
  // on the next query; unhandled, node-postgres's 'error' event would end the process.
  pool.on('error', () => {});
  // Fail at start-up, not at the first request, when the server is unreachable, naming the database.
  try {
    (await pool.connect()).release();
  } catch (error) {
    await pool.end().catch(() => {});
    const where = new URL(url);
    throw new Error(`the ${options.name} database at ${where.host}${where.pathname} cannot be reached: ${(error as Error).message || 'no answer'}`, {
      cause: error,
    });
  }
  const statements: StatementCounter = { count: 0 };
  const database = options.name;
  // @prisma/adapter-pg 7.10 runs a migration script by splitting it at every `;`, which breaks a function
  // body (`$$ … ; … $$`) and any comment with a semicolon; PostgreSQL's simple-query protocol takes the
  // whole script at once, as Prisma's native schema engine sends it.
  const adapter = countStatements(new PrismaPg(pool), statements, async (script) => {
    await pool.query(script);
  });
  return {
    name: options.name,
    kind: 'postgres',
    adapter,
    statements,
    async query<Row>(sql: string, params: unknown[] = [], options?: QueryOptions) {
      statements.count++;
      return traced(
        database,
        sql,
        async () => (await pool.query(options?.prepared ? { name: options.prepared, text: sql, values: params } : { text: sql, values: params })).rows as Row[],
      );
    },
    async exec(sql) {
      statements.count++;
      await pool.query(sql);
    },
    async transaction(work) {
      const client = await pool.connect();
      // A connection whose ROLLBACK fails is broken: the pool discards it instead of lending it again.
      let broken: Error | undefined;
      try {
        await client.query('BEGIN');
        const result = await work({ query: async (sql, params = []) => (await client.query(sql, params)).rows });
        await client.query('COMMIT');
        return result;
      } catch (error) {
        await client.query('ROLLBACK').catch((rollbackError: Error) => (broken = rollbackError));
        throw error;
      } finally {
        client.release(broken);
      }
    },
    listen: (channel, onNotify) => listenOnPostgres(pool, channel, onNotify),
    dump: () => Promise.reject(new Error(`database ${options.name}: dump() is only available on embedded PGlite`)),
    close: () => pool.end(),
  };
}

/** LISTEN on a connection of its own, taken from the pool for as long as it listens and replaced when it drops. */
async function listenOnPostgres(pool: Pool, channel: string, onNotify: () => void): Promise<() => Promise<void>> {
  let stopped = false;
  let current: PoolClient | undefined;
  const connect = async (): Promise<void> => {
    const client = await pool.connect();
    current = client;
    client.on('notification', (message) => message.channel === channel && onNotify());
    client.on('error', () => {
      client.release(true);
      if (current === client) current = undefined;
      // Reconnect after a pause; whatever was notified meanwhile the reader finds when it next reads.
      if (!stopped) setTimeout(() => void connect().catch(() => {}), 1_000).unref();
    });
    await client.query(`LISTEN "${channel.replaceAll('"', '""')}"`);
  };
  await connect();
  return async () => {
    stopped = true;
    const client = current;
    current = undefined;
    if (client) {
      await client.query(`UNLISTEN "${channel.replaceAll('"', '""')}"`).catch(() => {});
      client.release();
    }
  };
}

/** Wraps an adapter factory so that every statement Prisma or the schema engine sends is counted. */
function countStatements(
  inner: SqlMigrationAwareDriverAdapterFactory,
  counter: StatementCounter,
  executeScript?: (script: string) => Promise<void>,
): SqlMigrationAwareDriverAdapterFactory {
  const countQueryable = <Q extends SqlQueryable>(queryable: Q): Q => {
    const queryRaw = queryable.queryRaw.bind(queryable);
    const executeRaw = queryable.executeRaw.bind(queryable);
    queryable.queryRaw = (query) => {
      counter.count++;
      counter.observe?.(query.sql, query.args);
      return queryRaw(query);
    };
    queryable.executeRaw = (query) => {
      counter.count++;
      counter.observe?.(query.sql, query.args);
      return executeRaw(query);
    };
    return queryable;
  };
  const countAdapter = (adapter: SqlDriverAdapter): SqlDriverAdapter => {
    const startTransaction = adapter.startTransaction.bind(adapter);
    adapter.startTransaction = async (isolationLevel) => countQueryable<Transaction>(await startTransaction(isolationLevel));
    if (executeScript) adapter.executeScript = executeScript;
    return countQueryable(adapter);
  };
  return {
    provider: inner.provider,
    adapterName: inner.adapterName,
    connect: async () => countAdapter(await inner.connect()),
    connectToShadowDb: () => inner.connectToShadowDb(),
  };
}
