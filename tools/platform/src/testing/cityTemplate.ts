import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { generateLicenseSigningKey } from '@civicgraph/license-signature';
import { createScenarios } from '../demo/demoScenarios';
import { closeCityDatabases, migrateCity, openCityDatabases, type PlatformDatabases } from '../cityDatabases';
import { PrismaClient as GovernanceClient } from '@civicgraph/prisma/governance';
import { readCatalog, readSupergraphSdl } from '@civicgraph/schema';
import { DATABASE_NAMES, migrationSourceOf, type DatabaseName } from '@civicgraph/prisma';
import { seedCity } from '../demo/seedCity';
import { injectDefects, type DefectRates, type InjectedDefect } from '../demo/defects';
import pg from 'pg';

export interface CityTemplateOptions {
  persons: number;
  seed: number;
  /** Defects to break the city with after seeding (quality tests); none when absent. */
  defects?: DefectRates;
}

function hashFolder(hash: ReturnType<typeof createHash>, folder: string): void {
  for (const entry of readdirSync(folder).sort()) {
    const full = path.join(folder, entry);
    if (entry === '__tests__' || entry === 'node_modules') continue;
    if (statSync(full).isDirectory()) hashFolder(hash, full);
    else hash.update(entry).update(readFileSync(full));
  }
}

/** Changes whenever the migrations, the generator, the scenario code or the supergraph (the test grants) change. */
function templateKey({ persons, seed, defects }: CityTemplateOptions): string {
  const hash = createHash('sha256')
    .update(`${persons}:${seed}:${JSON.stringify(defects ?? {})}`)
    .update(readSupergraphSdl());
  for (const name of DATABASE_NAMES) hashFolder(hash, migrationSourceOf(name).migrationsDir);
  hashFolder(hash, path.resolve(__dirname, '../demo'));
  hashFolder(hash, path.join(path.dirname(require.resolve('@civicgraph/governance-subgraph')), 'rules'));
  return hash.digest('hex').slice(0, 16);
}

const CACHE_DIR = path.resolve(__dirname, '../../../../node_modules/.cache/civicgraph/city-templates');

/** The scenario tests run under unless they say otherwise: granted every field of the supergraph. */
export const ALL_FIELDS_SCENARIO = 'test-all-fields';

export interface SeededCity {
  dbs: PlatformDatabases;
  /** API key of an application bound to ALL_FIELDS_SCENARIO. */
  apiKey: string;
  /** The records broken on purpose (`defects`). */
  defects: InjectedDefect[];
}

/** A seeded city as PGlite snapshots (one per database) and the all-fields app's key. */
export interface CityTemplate {
  snapshots: Record<DatabaseName, Blob>;
  /** API key of an application bound to ALL_FIELDS_SCENARIO. */
  apiKey: string;
  defects: InjectedDefect[];
}

/**
 * The snapshots of a migrated, seeded city. The first call builds the city and saves a PGlite snapshot
 * of each database; later calls (other test files, later runs, other processes) read the snapshots,
 * which skips initdb, migrations and seeding.
 */
export async function cityTemplate(options: CityTemplateOptions): Promise<CityTemplate> {
  const folder = path.join(CACHE_DIR, templateKey(options));
  const files = Object.fromEntries(DATABASE_NAMES.map((name) => [name, path.join(folder, `${name}.tar`)])) as Record<DatabaseName, string>;
  const keyFile = path.join(folder, 'api-key.txt');
  const defectsFile = path.join(folder, 'defects.json');
  if (!existsSync(keyFile) || !existsSync(defectsFile) || !DATABASE_NAMES.every((name) => existsSync(files[name]))) {
    const dbs = await openCityDatabases({});
    try {
      const { apiKey, defects } = await buildCity(dbs, options);
      mkdirSync(folder, { recursive: true });
      for (const name of DATABASE_NAMES) {
        const data = Buffer.from(await (await dbs[name].dump()).arrayBuffer());
        // Written under a temporary name and renamed, so a parallel test process never reads half a file.
        const temporary = `${files[name]}.${process.pid}.tmp`;
        writeFileSync(temporary, data);
        renameSync(temporary, files[name]);
      }
      writeFileSync(`${defectsFile}.${process.pid}.tmp`, JSON.stringify(defects));
      renameSync(`${defectsFile}.${process.pid}.tmp`, defectsFile);
      writeFileSync(`${keyFile}.${process.pid}.tmp`, apiKey);
      renameSync(`${keyFile}.${process.pid}.tmp`, keyFile);
    } finally {
      await closeCityDatabases(dbs);
    }
  }
  const snapshots = Object.fromEntries(DATABASE_NAMES.map((name) => [name, new Blob([readFileSync(files[name])])])) as Record<DatabaseName, Blob>;
  return { snapshots, apiKey: readFileSync(keyFile, 'utf8'), defects: JSON.parse(readFileSync(defectsFile, 'utf8')) as InjectedDefect[] };
}

/** Opens the five databases in memory with a migrated, seeded city (from the cached template). */
export async function openSeededCity(options: CityTemplateOptions): Promise<SeededCity> {
  const { snapshots, apiKey, defects } = await cityTemplate(options);
  return { dbs: await openCityDatabases({ snapshots }), apiKey, defects };
}

/** Migrates and seeds empty databases (breaking them as asked) and creates the all-fields test scenario; returns its app's key. */
async function buildCity(dbs: PlatformDatabases, options: CityTemplateOptions): Promise<{ apiKey: string; defects: InjectedDefect[] }> {
  await migrateCity(dbs);
  await seedCity(dbs, { persons: options.persons, seed: options.seed, signingKey: generateLicenseSigningKey() });
  const defects = options.defects ? await injectDefects(dbs, options.defects, { seed: options.seed }) : [];
  return { apiKey: await createAllFieldsScenario(dbs), defects };
}

/** Creates ALL_FIELDS_SCENARIO with one application; returns the application's API key. */
export async function createAllFieldsScenario(dbs: PlatformDatabases): Promise<string> {
  const [all] = await createScenarios(new GovernanceClient({ adapter: dbs.governance.adapter }), [
    {
      code: ALL_FIELDS_SCENARIO,
      name: 'Tests: every field',
      purpose: 'Exercising the API in tests',
      legalBasis: 'none (test data)',
      departmentCode: 'SH-BDC',
      useReasonRequired: false,
      // Every field that may be granted at all: the negative list (sharing NONE) never is.
      grants: readCatalog(readSupergraphSdl())
        .entries.filter((e) => e.sharing !== 'NONE')
        .map((e) => e.coordinate),
    },
  ]);
  return all!.apiKey;
}

export interface PostgresCity extends SeededCity {
  /** Each database's URL, for another process to open them. */
  urls: Record<DatabaseName, string>;
  /** Drops the databases (after closing them). */
  drop(): Promise<void>;
}

/**
 * The same city on a PostgreSQL server: five fresh databases (C collation, as the README prescribes),
 * migrated and seeded, named after this process so parallel test files never meet. `adminUrl` is a
 * role allowed to create databases.
 */
export async function openPostgresCity(adminUrl: string, options: CityTemplateOptions, open: { poolSize?: number } = {}): Promise<PostgresCity> {
  const empty = await createPostgresDatabases(adminUrl, open);
  const { apiKey, defects } = await buildCity(empty.dbs, options);
  for (const db of Object.values(empty.dbs)) db.statements.count = 0;
  return { ...empty, apiKey, defects };
}

/** Five new, empty PostgreSQL databases (not migrated), open; `drop` removes them once they are closed. */
export async function createPostgresDatabases(
  adminUrl: string,
  { poolSize }: { poolSize?: number } = {},
): Promise<{ dbs: PlatformDatabases; urls: Record<DatabaseName, string>; drop(): Promise<void> }> {
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  // Random too: cities started at once (Promise.all) in one process get distinct names within a millisecond.
  const prefix = `cgtest_${process.pid}_${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
  const names = Object.fromEntries(DATABASE_NAMES.map((name) => [name, `${prefix}_${name.replace(/-/g, '_')}`])) as Record<DatabaseName, string>;
  try {
    for (const name of DATABASE_NAMES) await admin.query(`CREATE DATABASE "${names[name]}" TEMPLATE template0 LOCALE 'C' ENCODING 'UTF8'`);
  } finally {
    await admin.end();
  }
  const urlOf = (database: string) => {
    const url = new URL(adminUrl);
    url.pathname = `/${database}`;
    return url.toString();
  };
  const urls = Object.fromEntries(DATABASE_NAMES.map((name) => [name, urlOf(names[name])])) as Record<DatabaseName, string>;
  const dbs = await openCityDatabases({ urls, poolSize });
  return {
    dbs,
    urls,
    async drop() {
      const client = new pg.Client({ connectionString: adminUrl });
      await client.connect();
      try {
        for (const name of DATABASE_NAMES) {
          // Plain DROP (FORCE would need the right to signal autovacuum workers); PostgreSQL stops those
          // itself, so a database briefly "in use" (55006) is tried again.
          for (let attempt = 1; ; attempt++) {
            try {
              await client.query(`DROP DATABASE IF EXISTS "${names[name]}"`);
              break;
            } catch (error) {
              if ((error as { code?: string }).code !== '55006' || attempt === 20) throw error;
              await new Promise((resolve) => setTimeout(resolve, 250));
            }
          }
        }
      } finally {
        await client.end();
      }
    },
  };
}
