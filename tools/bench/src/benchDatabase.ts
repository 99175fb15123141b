import { mkdtempSync, rmSync } from 'node:fs';
import { createPostgresDatabases, openCityDatabases } from '@civicgraph/platform';
import os from 'node:os';
import path from 'node:path';

/** The `--database` and `--postgres-url` options every benchmark takes (for node:util parseArgs). */
export const DATABASE_OPTIONS = {
  database: { type: 'string', default: 'pglite' },
  'postgres-url': { type: 'string', default: process.env.CIVICGRAPH_BENCH_POSTGRES_URL ?? process.env.CIVICGRAPH_TEST_POSTGRES_URL },
} as const;

/** A bad command line: reported as its message alone, without a stack. */
export class UsageError extends Error {
  override name = 'UsageError';
}

/** Ends a benchmark that failed: a usage error as one line, anything else with its stack. */
export function exitWithError(error: unknown): never {
  const usage = error instanceof UsageError || String((error as { code?: unknown }).code).startsWith('ERR_PARSE_ARGS');
  console.error(usage ? `bench: ${(error as Error).message}` : error);
  process.exit(1);
}

export type BenchDatabase = { kind: 'pglite' } | { kind: 'postgres'; adminUrl: string };

/** The database a benchmark runs on, from its parsed options; a clear error for a bad choice. */
export function benchDatabaseOf(values: { database?: string; 'postgres-url'?: string }): BenchDatabase {
  if (values.database === 'pglite') return { kind: 'pglite' };
  if (values.database !== 'postgres') throw new UsageError(`--database must be pglite or postgres, not ${values.database}`);
  const adminUrl = values['postgres-url'];
  if (!adminUrl) throw new UsageError('--database postgres needs --postgres-url or CIVICGRAPH_BENCH_POSTGRES_URL (a role allowed to create databases)');
  return { kind: 'postgres', adminUrl };
}

/**
 * A temporary data folder for PGlite, as `npm start` keeps its databases (in memory, PGlite's file system
 * copies a whole file each time one grows, which made every write several times dearer than on disk).
 */
export function temporaryDataDir(): { dataDir: string; remove(): Promise<void> } {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'civicgraph-bench-'));
  return { dataDir, remove: async () => rmSync(dataDir, { recursive: true, force: true }) };
}

/** Five empty PGlite databases in a temporary data folder, as `npm start` keeps them. */
export async function emptyPGliteCity() {
  const folder = temporaryDataDir();
  const reopen = () => openCityDatabases({ dataDir: folder.dataDir });
  return { dbs: await reopen(), reopen, drop: folder.remove };
}

/** Five new PostgreSQL databases, and how to open them afresh. */
export async function emptyPostgresCity(adminUrl: string) {
  const empty = await createPostgresDatabases(adminUrl);
  return { ...empty, reopen: () => openCityDatabases({ urls: empty.urls }) };
}

/** The machine a result was measured on. */
export function machineOf(): { cpus: number; cpu: string; memoryGiB: number; node: string } {
  return { cpus: os.cpus().length, cpu: os.cpus()[0]?.model ?? 'unknown', memoryGiB: Math.round(os.totalmem() / 2 ** 30), node: process.version };
}
