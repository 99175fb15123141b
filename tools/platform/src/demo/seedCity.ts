import { withoutChangeOutbox } from './cityChanges';
import type { Database } from '@civicgraph/db';
import type { LicenseSigningKey } from '@civicgraph/license-signature';
import { generateCity, licenseTypeRows, type GenerateCityOptions } from './generateCity';
import { shanghaiDivisions } from './referenceData';

/** The four base databases, migrated and empty. */
export interface CityDatabases {
  population: Database;
  'legal-entity': Database;
  spatial: Database;
  'e-license': Database;
}

export interface SeedOptions extends Omit<GenerateCityOptions, 'signingKey'> {
  signingKey: LicenseSigningKey;
  /** Called after each batch with residents written so far. */
  onProgress?: (done: number, total: number) => void;
}

export interface SeedSummary {
  divisions: number;
  addresses: number;
  persons: number;
  legalEntities: number;
  licenses: number;
}

type Column = readonly [name: string, pgType: string];

/**
 * One multi-row INSERT per table per batch: each column travels as one array parameter and `unnest`
 * turns the arrays back into rows. The same statement works on PGlite and PostgreSQL.
 */
async function insertRows<Row extends object>(db: Database, table: string, columns: readonly Column[], rows: readonly Row[]): Promise<void> {
  if (!rows.length) return;
  const names = columns.map(([name]) => `"${name}"`).join(', ');
  const arrays = columns.map(([name]) => rows.map((row) => (row as Record<string, unknown>)[name] ?? null));
  // Enum arrays travel as text[]: PGlite only serialises arrays of the built-in types.
  const casts = columns.map(([, type], i) => (type.startsWith('"') ? `$${i + 1}::text[]::${type}[]` : `$${i + 1}::${type}[]`)).join(', ');
  await db.query(`INSERT INTO ${table} (${names}) SELECT * FROM unnest(${casts})`, arrays);
}

const ADDRESS_COLUMNS = [
  ['id', 'uuid'],
  ['division_code', 'varchar'],
  ['district_code', 'char(6)'],
  ['road', 'varchar'],
  ['number', 'varchar'],
  ['building', 'varchar'],
  ['room', 'varchar'],
  ['full_text', 'varchar'],
  ['latitude', 'float8'],
  ['longitude', 'float8'],
] as const;
const PERSON_COLUMNS = [
  ['id', 'uuid'],
  ['id_number', 'varchar'],
  ['name', 'varchar'],
  ['gender', '"Gender"'],
  ['birth_date', 'date'],
  ['ethnicity', 'varchar'],
  ['nationality', 'char(3)'],
  ['household_address_id', 'uuid'],
  ['household_district_code', 'char(6)'],
  ['residence_address_id', 'uuid'],
  ['residence_district_code', 'char(6)'],
  ['residence_township_code', 'char(9)'],
  ['marital_status', '"MaritalStatus"'],
  ['phone', 'varchar'],
  ['religion', 'varchar'],
  ['death_date', 'date'],
  ['father_id', 'uuid'],
  ['mother_id', 'uuid'],
] as const;
const LEGAL_ENTITY_COLUMNS = [
  ['id', 'uuid'],
  ['uscc', 'char(18)'],
  ['name', 'varchar'],
  ['kind', '"EntityKind"'],
  ['status', '"EntityStatus"'],
  ['representative_id', 'uuid'],
  ['representative_id_number', 'char(18)'],
  ['registered_capital', 'numeric'],
  ['established_on', 'date'],
  ['business_scope', 'text'],
  ['industry_code', 'varchar'],
  ['registered_address_id', 'uuid'],
  ['district_code', 'char(6)'],
  ['registration_authority', 'varchar'],
] as const;
const LICENSE_COLUMNS = [
  ['id', 'uuid'],
  ['identifier', 'varchar'],
  ['type_code', 'varchar'],
  ['name', 'varchar'],
  ['number', 'varchar'],
  ['holder_kind', '"HolderKind"'],
  ['holder_id', 'uuid'],
  ['holder_name', 'varchar'],
  ['holder_identifier', 'varchar'],
  ['holder_identifier_type', 'char(3)'],
  ['issuer_name', 'varchar'],
  ['issuer_code', 'char(18)'],
  ['jurisdiction_code', 'varchar'],
  ['issued_on', 'date'],
  ['valid_from', 'date'],
  ['valid_until', 'date'],
  ['long_term', 'bool'],
  ['status', '"LicenseStatus"'],
  ['replaces_id', 'uuid'],
  ['signature', 'text'],
  ['signing_key_id', 'varchar'],
] as const;

/** True when the population database already holds residents (the seed then has nothing to do). */
export async function isSeeded(dbs: CityDatabases): Promise<boolean> {
  const [row] = await dbs.population.query<{ seeded: boolean }>('SELECT EXISTS (SELECT 1 FROM person) AS seeded');
  return !!row?.seeded;
}

/** Writes a generated city into empty, migrated databases. Deterministic for a given seed and size. */
/** Loads the demo city (its outbox triggers off: a seeded record is not a change to tell anyone of). */
export function seedCity(dbs: CityDatabases, options: SeedOptions): Promise<SeedSummary> {
  return withoutChangeOutbox(dbs, () => loadCity(dbs, options));
}

async function loadCity(dbs: CityDatabases, options: SeedOptions): Promise<SeedSummary> {
  const summary: SeedSummary = { divisions: 0, addresses: 0, persons: 0, legalEntities: 0, licenses: 0 };
  const divisions = shanghaiDivisions();
  // Parents before children, so the division tree's foreign key holds row by row.
  await insertRows(
    dbs.spatial,
    'division',
    [
      ['code', 'varchar'],
      ['name', 'varchar'],
      ['level', '"DivisionLevel"'],
      ['parent_code', 'varchar'],
    ],
    divisions.map((d) => ({ code: d.code, name: d.name, level: d.level, parent_code: d.parentCode })),
  );
  summary.divisions = divisions.length;
  await insertRows(
    dbs['e-license'],
    'license_type',
    [
      ['code', 'varchar'],
      ['name', 'varchar'],
      ['holder_kind', '"HolderKind"'],
      ['issuer_name', 'varchar'],
    ],
    licenseTypeRows(),
  );
  await dbs['e-license'].query('INSERT INTO signing_key (id, algorithm, public_key) VALUES ($1, $2, $3) ON CONFLICT (id) DO NOTHING', [
    options.signingKey.id,
    'Ed25519',
    options.signingKey.publicKeyPem,
  ]);

  for (const batch of generateCity(options)) {
    // Each database gets its part of the batch; the four writes run side by side.
    await Promise.all([
      insertRows(dbs.spatial, 'address', ADDRESS_COLUMNS, batch.addresses),
      insertRows(dbs.population, 'person', PERSON_COLUMNS, batch.persons),
      insertRows(dbs['legal-entity'], 'legal_entity', LEGAL_ENTITY_COLUMNS, batch.legalEntities),
      insertRows(dbs['e-license'], 'license', LICENSE_COLUMNS, batch.licenses),
    ]);
    summary.addresses += batch.addresses.length;
    summary.persons += batch.persons.length;
    summary.legalEntities += batch.legalEntities.length;
    summary.licenses += batch.licenses.length;
    options.onProgress?.(summary.persons, options.persons);
  }
  // Fresh statistics so the planner picks the indexes from the first query on.
  await Promise.all(Object.values(dbs).map((db: Database) => db.exec('ANALYZE')));
  return summary;
}
