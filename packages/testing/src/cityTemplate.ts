import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { generateLicenseSigningKey } from '@civicgraph/license-signature';
import { migrateCity, openCityDatabases } from '@civicgraph/platform';
import { DATABASE_NAMES, migrationSourceOf, type DatabaseName } from '@civicgraph/prisma';
import { seedCity, type CityDatabases } from '@civicgraph/seed';

export interface CityTemplateOptions {
  persons: number;
  seed: number;
}

function hashFolder(hash: ReturnType<typeof createHash>, folder: string): void {
  for (const entry of readdirSync(folder).sort()) {
    const full = path.join(folder, entry);
    if (entry === '__tests__' || entry === 'node_modules') continue;
    if (statSync(full).isDirectory()) hashFolder(hash, full);
    else hash.update(entry).update(readFileSync(full));
  }
}

/** Changes whenever the migrations, the generator or its reference data change. */
function templateKey({ persons, seed }: CityTemplateOptions): string {
  const hash = createHash('sha256').update(`${persons}:${seed}`);
  for (const name of DATABASE_NAMES) hashFolder(hash, migrationSourceOf(name).migrationsDir);
  hashFolder(hash, path.dirname(require.resolve('@civicgraph/seed')));
  return hash.digest('hex').slice(0, 16);
}

const CACHE_DIR = path.resolve(__dirname, '../../../node_modules/.cache/civicgraph/city-templates');

/**
 * Opens the four databases in memory with a migrated, seeded city. The first call builds the city and
 * saves a PGlite snapshot of each database; later calls (other test files, later runs) load the
 * snapshots, which skips initdb, migrations and seeding.
 */
export async function openSeededCity(options: CityTemplateOptions): Promise<CityDatabases> {
  const folder = path.join(CACHE_DIR, templateKey(options));
  const files = Object.fromEntries(DATABASE_NAMES.map((name) => [name, path.join(folder, `${name}.tar`)])) as Record<DatabaseName, string>;
  if (DATABASE_NAMES.every((name) => existsSync(files[name]))) {
    const snapshots = Object.fromEntries(DATABASE_NAMES.map((name) => [name, new Blob([readFileSync(files[name])])]));
    return openCityDatabases({ snapshots });
  }
  const dbs = await openCityDatabases({});
  await migrateCity(dbs);
  await seedCity(dbs, { persons: options.persons, seed: options.seed, signingKey: generateLicenseSigningKey() });
  mkdirSync(folder, { recursive: true });
  for (const name of DATABASE_NAMES) {
    const data = Buffer.from(await (await dbs[name].dump()).arrayBuffer());
    // Written under a temporary name and renamed, so a parallel test process never reads half a file.
    const temporary = `${files[name]}.${process.pid}.tmp`;
    writeFileSync(temporary, data);
    renameSync(temporary, files[name]);
  }
  for (const db of Object.values(dbs)) db.statements.count = 0;
  return dbs;
}
