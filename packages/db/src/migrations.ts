import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { MigrationList } from '@prisma/schema-engine-wasm';
import type { Database } from './openDatabase';
import { openSchemaEngine } from './schemaEngine';

/** Where one database's Prisma schema and migration history live (Prisma's own folder layout). */
export interface MigrationSource {
  /** The `schema.prisma` file. */
  schemaPath: string;
  /** The `migrations/` folder beside it. */
  migrationsDir: string;
}

const LOCKFILE = 'migration_lock.toml';
const NO_FILTERS = { externalTables: [], externalEnums: [] };

export function readMigrationList({ migrationsDir }: MigrationSource): MigrationList {
  const dirs = existsSync(migrationsDir)
    ? readdirSync(migrationsDir, { withFileTypes: true })
        .filter((d) => d.isDirectory())
        .map((d) => d.name)
        .sort()
    : [];
  const lockPath = path.join(migrationsDir, LOCKFILE);
  return {
    baseDir: migrationsDir,
    lockfile: { path: LOCKFILE, content: existsSync(lockPath) ? readFileSync(lockPath, 'utf8') : null },
    shadowDbInitScript: '',
    migrationDirectories: dirs.map((dir) => {
      const file = path.join(migrationsDir, dir, 'migration.sql');
      return {
        path: dir,
        migrationFile: {
          path: 'migration.sql',
          content: existsSync(file) ? { tag: 'ok', value: readFileSync(file, 'utf8') } : { tag: 'error', value: `${file} is missing` },
        },
      };
    }),
  };
}

async function withEngine<T>(db: Database, source: MigrationSource, run: (engine: Awaited<ReturnType<typeof openSchemaEngine>>) => Promise<T>): Promise<T> {
  const engine = await openSchemaEngine(source.schemaPath, readFileSync(source.schemaPath, 'utf8'), db.adapter);
  try {
    return await run(engine);
  } finally {
    engine.free();
  }
}

/** Applies the pending migrations of one database; safe to run any number of times. Returns the names applied now. */
export async function migrateDatabase(db: Database, source: MigrationSource): Promise<string[]> {
  return withEngine(db, source, async (engine) => {
    const { appliedMigrationNames } = await engine.applyMigrations({ migrationsList: readMigrationList(source), filters: NO_FILTERS });
    return appliedMigrationNames;
  });
}

/** Names of migrations in the folder that the database has not applied yet (empty when it is current). */
export async function pendingMigrations(db: Database, source: MigrationSource): Promise<string[]> {
  return withEngine(db, source, async (engine) => {
    const diagnosis = await engine.diagnoseMigrationHistory({ migrationsList: readMigrationList(source), optInToShadowDatabase: false, filters: NO_FILTERS });
    const history = diagnosis.history;
    if (!history) return [];
    return history.diagnostic === 'migrationsDirectoryIsBehind' ? [] : history.unappliedMigrationNames;
  });
}

/**
 * The SQL that would bring a database migrated with the current history up to `schema.prisma`;
 * empty when the migrations already match the schema. Run against a freshly migrated database.
 */
export async function schemaDrift(db: Database, source: MigrationSource): Promise<string> {
  return withEngine(db, source, async (engine) => {
    const result = await engine.diff({
      from: {
        tag: 'schemaDatasource',
        files: [{ path: source.schemaPath, content: readFileSync(source.schemaPath, 'utf8') }],
        configDir: path.dirname(source.schemaPath),
      },
      to: { tag: 'schemaDatamodel', files: [{ path: source.schemaPath, content: readFileSync(source.schemaPath, 'utf8') }] },
      script: true,
      exitCode: null,
      filters: NO_FILTERS,
    });
    const sql = (result.stdout ?? '').trim();
    return sql === '-- This is an empty migration.' ? '' : sql;
  });
}

/**
 * Writes a new migration folder `<timestamp>_<name>/migration.sql` with the SQL that takes the existing
 * history to `schema.prisma`, and returns its name (null when there is nothing to migrate). `scratch` must
 * be an empty database: the history is applied to it and compared with the schema. (The WebAssembly
 * engine cannot open the shadow database `prisma migrate dev` would use, so the scratch database plays it.)
 */
export async function createMigration(scratch: Database, source: MigrationSource, name: string, now = new Date()): Promise<string | null> {
  if (!/^[a-z0-9_]+$/.test(name)) throw new Error(`migration name "${name}" must be lower-case letters, digits and underscores`);
  await migrateDatabase(scratch, source);
  const sql = await schemaDrift(scratch, source);
  if (!sql) return null;
  const stamp = now.toISOString().replace(/\D/g, '').slice(0, 14);
  const folder = `${stamp}_${name}`;
  mkdirSync(path.join(source.migrationsDir, folder), { recursive: true });
  writeFileSync(path.join(source.migrationsDir, folder, 'migration.sql'), `${sql}\n`);
  const lockPath = path.join(source.migrationsDir, LOCKFILE);
  if (!existsSync(lockPath)) {
    writeFileSync(
      lockPath,
      '# Please do not edit this file manually\n# It should be added in your version-control system (e.g., Git)\nprovider = "postgresql"\n',
    );
  }
  return folder;
}

/**
 * Changes nothing: refuses a database whose migrations are not all applied. Services call
 * it at start-up, since migrations are a deploy step (`civicgraph migrate`), not something a service does.
 */
export async function requireCurrentMigrations(db: Database, source: MigrationSource): Promise<void> {
  const pending = await pendingMigrations(db, source);
  if (pending.length) throw new Error(`database ${db.name} has pending migrations (${pending.join(', ')}): run \`civicgraph migrate\` first`);
}
