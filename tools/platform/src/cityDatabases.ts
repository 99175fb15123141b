import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { migrateDatabase, openDatabase, type Database } from '@civicgraph/db';
import { DATABASE_NAMES, migrationSourceOf, type DatabaseName } from '@civicgraph/prisma';

/** Every database the platform runs on: the four base databases and governance. */
export type PlatformDatabases = Record<DatabaseName, Database>;

export interface CityDatabaseOptions {
  /** Folder for the embedded PGlite databases (one sub-folder each); `undefined` keeps them in memory. */
  dataDir?: string;
  /** A `postgres://` URL per database switches that database to a PostgreSQL server. */
  urls?: Partial<Record<DatabaseName, string>>;
  /** PGlite snapshots to start from instead of initdb (tests). */
  snapshots?: Partial<Record<DatabaseName, Blob>>;
  /** PostgreSQL only: connections per database pool. Default 10. */
  poolSize?: number;
  /** PGlite only: each embedded database's buffer cache (see DatabaseOptions.sharedBuffers). */
  sharedBuffers?: string;
}

/** Opens every database side by side. */
export async function openCityDatabases({ dataDir, urls = {}, snapshots = {}, poolSize, sharedBuffers }: CityDatabaseOptions): Promise<PlatformDatabases> {
  const opened = await Promise.allSettled(
    DATABASE_NAMES.map(async (name): Promise<[DatabaseName, Database]> => {
      let folder: string | undefined;
      if (dataDir && !urls[name]) {
        folder = path.join(dataDir, 'databases', name);
        mkdirSync(folder, { recursive: true });
      }
      return [name, await openDatabase({ name, url: urls[name], dataDir: folder, loadDataDir: snapshots[name], poolSize, sharedBuffers })];
    }),
  );
  const open = opened.flatMap((o) => (o.status === 'fulfilled' ? [o.value] : []));
  const failed = opened.find((o): o is PromiseRejectedResult => o.status === 'rejected');
  if (failed) {
    // All or none: close (and unlock) the ones that did open.
    await Promise.all(open.map(([, db]) => db.close()));
    const failedName = DATABASE_NAMES[opened.indexOf(failed)]!;
    if (urls[failedName]) {
      const variable = `${failedName.toUpperCase().replace(/-/g, '_')}_DATABASE_URL`;
      throw new Error(`${(failed.reason as Error).message} (check ${variable})`, { cause: failed.reason });
    }
    throw failed.reason;
  }
  return Object.fromEntries(open) as PlatformDatabases;
}

/** Applies pending migrations to every database; returns the migrations applied now, per database. */
export async function migrateCity(dbs: PlatformDatabases): Promise<Record<DatabaseName, string[]>> {
  const applied = await Promise.all(DATABASE_NAMES.map(async (name) => [name, await migrateDatabase(dbs[name], migrationSourceOf(name))] as const));
  return Object.fromEntries(applied) as Record<DatabaseName, string[]>;
}

/**
 * Migrates every database one at a time, each opened, migrated and closed on its own: a first start
 * initialises its embedded databases, and five PGlite initialisations side by side hold five grown
 * WebAssembly heaps at once (closing one gives its memory back). Returns the migrations applied now.
 */
export async function migrateCityOneByOne(options: CityDatabaseOptions): Promise<Record<DatabaseName, string[]>> {
  const applied: Partial<Record<DatabaseName, string[]>> = {};
  for (const name of DATABASE_NAMES) {
    let folder: string | undefined;
    if (options.dataDir && !options.urls?.[name]) {
      folder = path.join(options.dataDir, 'databases', name);
      mkdirSync(folder, { recursive: true });
    }
    const db = await openDatabase({ name, url: options.urls?.[name], dataDir: folder, poolSize: 1, sharedBuffers: options.sharedBuffers });
    try {
      applied[name] = await migrateDatabase(db, migrationSourceOf(name));
    } finally {
      await db.close();
    }
  }
  return applied as Record<DatabaseName, string[]>;
}

export async function closeCityDatabases(dbs: PlatformDatabases): Promise<void> {
  await Promise.all(DATABASE_NAMES.map((name) => dbs[name].close()));
}
