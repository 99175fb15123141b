import { randomInt, randomUUID } from 'node:crypto';
import { makeIdNumber } from '@civicgraph/identifiers';
import type { Database } from '@civicgraph/db';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { readBody, sendJson } from '@civicgraph/server';
import type { PlatformDatabases } from '../cityDatabases';

/** How many of each change to make. */
export interface CityChangeCounts {
  births?: number;
  deaths?: number;
  moves?: number;
  deregistrations?: number;
  revocations?: number;
}

export const CITY_CHANGE_KINDS = ['births', 'deaths', 'moves', 'deregistrations', 'revocations'] as const;

/** One change made: what kind, and the record it changed (its key as the feeds name it). */
export interface CityChange {
  kind: (typeof CITY_CHANGE_KINDS)[number];
  entityType: 'Person' | 'LegalEntity' | 'License';
  key: string;
  description: string;
}

const GIVEN_NAMES = ['子涵', '一诺', '欣怡', '梓萱', '浩宇', '宇轩', '雨桐', '思远', '沐宸', '若汐'];

/** Today in Shanghai, as the registries date their records. */
function shanghaiToday(at = new Date()): string {
  return new Date(at.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);
}

/** One random row of a query (the city's tables are small enough for ORDER BY random()). */
async function oneOf<Row>(db: Database, sql: string, params: unknown[] = []): Promise<Row | undefined> {
  const [row] = await db.query<Row>(`${sql} ORDER BY random() LIMIT 1`, params);
  return row;
}

/**
 * Makes the changes registries make every day, each in one transaction of its owner's database (whose outbox
 * trigger records it in the same transaction): births registered to a resident mother, deaths, moves of
 * residence, deregistered companies and revoked licenses. What the change feeds carry, from the CLI
 * (`civicgraph changes`) and the tests.
 */
export async function makeCityChanges(
  dbs: Pick<PlatformDatabases, 'population' | 'legal-entity' | 'e-license'>,
  counts: CityChangeCounts,
): Promise<CityChange[]> {
  const made: CityChange[] = [];
  const today = shanghaiToday();
  const population = dbs.population;
  for (let i = 0; i < (counts.births ?? 0); i++) {
    type Parent = {
      id: string;
      name: string;
      household_district_code: string;
      household_address_id: string | null;
      residence_address_id: string | null;
      residence_district_code: string;
      residence_township_code: string | null;
    };
    const mother = await oneOf<Parent>(
      population,
      `SELECT id::text, name, household_district_code, household_address_id::text, residence_address_id::text, residence_district_code, residence_township_code
         FROM person WHERE gender = 'FEMALE' AND death_date IS NULL AND birth_date BETWEEN $1::date - interval '40 years' AND $1::date - interval '22 years'`,
      [today],
    );
    if (!mother) break;
    const father = await oneOf<{ id: string; name: string }>(
      population,
      `SELECT id::text, name FROM person WHERE gender = 'MALE' AND death_date IS NULL AND birth_date BETWEEN $1::date - interval '45 years' AND $1::date - interval '22 years'`,
      [today],
    );
    const male = randomInt(2) === 0;
    const id = randomUUID();
    const idNumber = makeIdNumber(mother.household_district_code, today, randomInt(500) * 2 + (male ? 1 : 0));
    const name = `${(father ?? mother).name.slice(0, 1)}${GIVEN_NAMES[randomInt(GIVEN_NAMES.length)]}`;
    await population.query(
      `INSERT INTO person (id, id_number, name, gender, birth_date, ethnicity, nationality, household_address_id, household_district_code,
                           residence_address_id, residence_district_code, residence_township_code, marital_status, father_id, mother_id)
       VALUES ($1::uuid, $2, $3, $4::"Gender", $5::date, '汉族', 'CHN', $6::uuid, $7, $8::uuid, $9, $10, 'UNMARRIED', $11::uuid, $12::uuid)`,
      [
        id,
        idNumber,
        name,
        male ? 'MALE' : 'FEMALE',
        today,
        mother.household_address_id,
        mother.household_district_code,
        mother.residence_address_id,
        mother.residence_district_code,
        mother.residence_township_code,
        father?.id ?? null,
        mother.id,
      ],
    );
    made.push({ kind: 'births', entityType: 'Person', key: id, description: `born to ${mother.id}` });
  }
  for (let i = 0; i < (counts.deaths ?? 0); i++) {
    const person = await oneOf<{ id: string }>(
      population,
      `SELECT id::text FROM person WHERE death_date IS NULL AND birth_date < $1::date - interval '70 years'`,
      [today],
    );
    if (!person) break;
    await population.query(`UPDATE person SET death_date = $2::date, updated_at = now() WHERE id = $1::uuid`, [person.id, today]);
    made.push({ kind: 'deaths', entityType: 'Person', key: person.id, description: `died ${today}` });
  }
  for (let i = 0; i < (counts.moves ?? 0); i++) {
    const person = await oneOf<{ id: string; residence_address_id: string | null }>(
      population,
      `SELECT id::text, residence_address_id::text FROM person WHERE death_date IS NULL`,
    );
    if (!person) break;
    const to = await oneOf<{ residence_address_id: string; residence_district_code: string; residence_township_code: string | null }>(
      population,
      `SELECT residence_address_id::text, residence_district_code, residence_township_code FROM person
        WHERE residence_address_id IS NOT NULL AND residence_address_id IS DISTINCT FROM $1::uuid`,
      [person.residence_address_id],
    );
    if (!to) break;
    await population.query(
      `UPDATE person SET residence_address_id = $2::uuid, residence_district_code = $3, residence_township_code = $4, updated_at = now() WHERE id = $1::uuid`,
      [person.id, to.residence_address_id, to.residence_district_code, to.residence_township_code],
    );
    made.push({ kind: 'moves', entityType: 'Person', key: person.id, description: `moved to district ${to.residence_district_code}` });
  }
  for (let i = 0; i < (counts.deregistrations ?? 0); i++) {
    const entity = await oneOf<{ id: string }>(dbs['legal-entity'], `SELECT id::text FROM legal_entity WHERE status = 'ACTIVE'`);
    if (!entity) break;
    await dbs['legal-entity'].query(`UPDATE legal_entity SET status = 'DEREGISTERED', updated_at = now() WHERE id = $1::uuid`, [entity.id]);
    made.push({ kind: 'deregistrations', entityType: 'LegalEntity', key: entity.id, description: 'deregistered' });
  }
  for (let i = 0; i < (counts.revocations ?? 0); i++) {
    const license = await oneOf<{ identifier: string }>(dbs['e-license'], `SELECT identifier FROM license WHERE status = 'VALID'`);
    if (!license) break;
    await dbs['e-license'].query(`UPDATE license SET status = 'REVOKED', updated_at = now() WHERE identifier = $1`, [license.identifier]);
    made.push({ kind: 'revocations', entityType: 'License', key: license.identifier, description: 'revoked' });
  }
  return made;
}

/**
 * Runs `work` (the initial load of a city, defects put in on purpose) with the owners' outbox triggers off:
 * a seeded record is not a change anyone is told of.
 */
export async function withoutChangeOutbox<T>(dbs: Pick<PlatformDatabases, 'population' | 'legal-entity' | 'e-license'>, work: () => Promise<T>): Promise<T> {
  const tables: [Database, string][] = [
    [dbs.population, 'person'],
    [dbs['legal-entity'], 'legal_entity'],
    [dbs['e-license'], 'license'],
  ];
  for (const [db, table] of tables) await db.query(`ALTER TABLE ${table} DISABLE TRIGGER ${table}_change_outbox`);
  try {
    return await work();
  } finally {
    for (const [db, table] of tables) await db.query(`ALTER TABLE ${table} ENABLE TRIGGER ${table}_change_outbox`);
  }
}

/** Changes one request may ask for, of each kind. */
const MAX_CHANGES = 1_000;

/** The counts a request asks for, or what is wrong with them. */
export function parseCityChangeCounts(input: unknown): { counts: CityChangeCounts } | { problem: string } {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) return { problem: 'send a JSON object of counts, e.g. {"deaths": 1}' };
  const counts: CityChangeCounts = {};
  for (const [kind, value] of Object.entries(input)) {
    if (!(CITY_CHANGE_KINDS as readonly string[]).includes(kind)) return { problem: `"${kind}" is not a kind of change: ${CITY_CHANGE_KINDS.join(', ')}` };
    if (!Number.isInteger(value) || (value as number) < 0 || (value as number) > MAX_CHANGES)
      return { problem: `"${kind}" must be a whole number from 0 to ${MAX_CHANGES}` };
    counts[kind as keyof CityChangeCounts] = value as number;
  }
  return { counts };
}

/** `POST /operations/city-changes` with counts: makes the changes and answers what it made (operators only, demo city only). */
export function cityChangesRoute(dbs: Pick<PlatformDatabases, 'population' | 'legal-entity' | 'e-license'>) {
  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const refuse = (status: number, code: string, message: string) => sendJson(res, status, { errors: [{ message, extensions: { code } }] });
    if (req.method !== 'POST' || new URL(req.url ?? '/', 'http://gateway').pathname !== '/operations/city-changes')
      return refuse(404, 'NOT_FOUND', 'POST /operations/city-changes');
    const body = await readBody(req, 64 * 1024);
    let input: unknown;
    try {
      input = JSON.parse(body ?? '');
    } catch {
      return refuse(400, 'BAD_REQUEST', 'The body is not JSON (at most 64 KiB)');
    }
    const parsed = parseCityChangeCounts(input);
    if ('problem' in parsed) return refuse(400, 'BAD_USER_INPUT', parsed.problem);
    sendJson(res, 200, { changes: await makeCityChanges(dbs, parsed.counts) });
  };
}
