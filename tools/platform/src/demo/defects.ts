import { withoutChangeOutbox } from './cityChanges';
import { idNumberCheckChar, makeIdNumber, usccCheckChar, USCC_ALPHABET } from '@civicgraph/identifiers';
import type { CityDatabases } from './seedCity';
import { DEFAULT_CITY_AS_OF } from './generateCity';
import { Random } from './random';

/**
 * Defect classes the seed can inject, as real registers have them: each breaks exactly the rule named
 * beside it, on records chosen so that nothing else breaks with it.
 */
export const DEFECT_CLASSES = {
  /** A resident registered a second time under another ID number (重复登记): both records break person.registered-once. */
  duplicate: 'person.registered-once',
  /** A check character typed wrong: person.id-number.valid (residents no other register names), legal-entity.uscc.valid. */
  badChecksum: 'person.id-number.valid',
  /** A person's license whose holder ID number names no resident: license.holder.resident. */
  orphanHolder: 'license.holder.resident',
  /** A license past its validity still VALID: license.status.current. */
  staleStatus: 'license.status.current',
  /** A license holder's name that is not the resident's: license.holder-name.matches. */
  nameMismatch: 'license.holder-name.matches',
  /** A required value left empty: person.ethnicity.required, legal-entity.business-scope.required. */
  missingValue: 'person.ethnicity.required',
  /** A resident recorded dead whose licenses are still VALID: license.holder.alive. */
  deceasedHolder: 'license.holder.alive',
  /** A residence district that is not the residence address's: person.residence-district.matches-address. */
  districtMismatch: 'person.residence-district.matches-address',
} as const;
export type DefectClass = keyof typeof DEFECT_CLASSES;

/** Per class, the share of candidate records to break (at least one when above 0). */
export type DefectRates = Partial<Record<DefectClass, number>>;

/** One broken record: which class, which rule must find it, and the record's key (as the rule reports it). */
export interface InjectedDefect {
  defect: DefectClass;
  rule: string;
  key: string;
}

interface PersonRecord {
  id: string;
  id_number: string;
  birth_date: string;
  residence_district_code: string;
  death_date: string | null;
}
interface LicenseRecord {
  id: string;
  holder_kind: 'PERSON' | 'LEGAL_ENTITY';
  holder_identifier: string;
  holder_name: string;
  status: string;
  valid_from: string;
  valid_until: string | null;
}

function addDays(day: string, days: number): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** A check character other than the right one. */
function wrongCheck(right: string, alphabet: string): string {
  return alphabet[(alphabet.indexOf(right) + 1) % alphabet.length]!;
}

/**
 * Breaks a seeded city on purpose, deterministically for a seed: the records of each class are drawn
 * from those whose breaking cannot trip another rule (a resident's ID number only where no license or
 * entity names it; one defect per record and per license holder). Returns every record broken.
 */
export function injectDefects(dbs: CityDatabases, rates: DefectRates, options: { seed?: number; asOf?: string } = {}): Promise<InjectedDefect[]> {
  // Defects put in on purpose are the city's past, not changes to tell anyone of.
  return withoutChangeOutbox(dbs, () => breakRecords(dbs, rates, options));
}

async function breakRecords(dbs: CityDatabases, rates: DefectRates, { seed = 2260, asOf = DEFAULT_CITY_AS_OF } = {}): Promise<InjectedDefect[]> {
  const random = new Random(seed ^ 0x5eed);
  const injected: InjectedDefect[] = [];
  const persons = await dbs.population.query<PersonRecord>(
    `SELECT id::text, id_number, birth_date::text, residence_district_code, death_date::text FROM person ORDER BY id`,
  );
  const licenses = await dbs['e-license'].query<LicenseRecord>(
    `SELECT id::text, holder_kind::text, holder_identifier, holder_name, status::text, valid_from::text, valid_until::text FROM license ORDER BY id`,
  );
  const entities = await dbs['legal-entity'].query<{ id: string; uscc: string; representative_id_number: string | null }>(
    `SELECT id::text, uscc, representative_id_number FROM legal_entity ORDER BY id`,
  );
  const idNumbers = new Set(persons.map((p) => p.id_number));
  const named = new Set([
    ...licenses.filter((l) => l.holder_kind === 'PERSON').map((l) => l.holder_identifier),
    ...entities.flatMap((e) => (e.representative_id_number ? [e.representative_id_number] : [])),
  ]);
  const districts = [...new Set(persons.map((p) => p.residence_district_code))].sort();
  const usedRecords = new Set<string>();
  const usedHolders = new Set<string>();

  /** Draws up to `rate` of the candidates (at least one), each record once. */
  function draw<T extends { id: string }>(rate: number | undefined, candidates: T[]): T[] {
    if (!rate || rate <= 0) return [];
    const pool = candidates.filter((c) => !usedRecords.has(c.id));
    const wanted = Math.min(pool.length, Math.max(1, Math.round(rate * candidates.length)));
    const chosen: T[] = [];
    while (chosen.length < wanted && pool.length) {
      const [pick] = pool.splice(random.int(0, pool.length - 1), 1);
      chosen.push(pick!);
      usedRecords.add(pick!.id);
    }
    return chosen;
  }
  const note = (defect: DefectClass, rule: string, key: string) => injected.push({ defect, rule, key });

  // Residents first; their licenses are then kept out of the license classes.
  const licensesOf = new Map<string, LicenseRecord[]>();
  for (const l of licenses) if (l.holder_kind === 'PERSON') licensesOf.set(l.holder_identifier, [...(licensesOf.get(l.holder_identifier) ?? []), l]);
  const inAliveScope = (l: LicenseRecord) => l.status === 'VALID' && l.valid_until !== null;

  for (const p of draw(
    rates.deceasedHolder,
    persons.filter((p) => !p.death_date && (licensesOf.get(p.id_number) ?? []).some(inAliveScope)),
  )) {
    await dbs.population.query(`UPDATE person SET death_date = $2::date WHERE id = $1::uuid`, [p.id, addDays(asOf, -30)]);
    usedHolders.add(p.id_number);
    for (const l of licensesOf.get(p.id_number)!.filter(inAliveScope)) note('deceasedHolder', DEFECT_CLASSES.deceasedHolder, l.id);
  }
  for (const p of draw(
    rates.badChecksum,
    persons.filter((p) => !named.has(p.id_number)),
  )) {
    const broken = p.id_number.slice(0, 17) + wrongCheck(idNumberCheckChar(p.id_number.slice(0, 17)), '0123456789X');
    await dbs.population.query(`UPDATE person SET id_number = $2 WHERE id = $1::uuid`, [p.id, broken]);
    note('badChecksum', 'person.id-number.valid', p.id);
  }
  for (const p of draw(rates.duplicate, persons)) {
    let sequence = random.int(0, 499) * 2 + (Number(p.id_number[16]) % 2);
    let copyId = makeIdNumber(p.id_number.slice(0, 6), p.birth_date, sequence);
    while (idNumbers.has(copyId)) copyId = makeIdNumber(p.id_number.slice(0, 6), p.birth_date, (sequence = (sequence + 2) % 1000));
    idNumbers.add(copyId);
    const [copy] = await dbs.population.query<{ id: string }>(
      `INSERT INTO person (id, id_number, name, gender, birth_date, ethnicity, nationality, household_address_id, household_district_code,
                           residence_address_id, residence_district_code, residence_township_code, marital_status, phone, religion, death_date, father_id, mother_id)
       SELECT $2::uuid, $3, name, gender, birth_date, ethnicity, nationality, household_address_id, household_district_code,
              residence_address_id, residence_district_code, residence_township_code, marital_status, phone, religion, death_date, father_id, mother_id
         FROM person WHERE id = $1::uuid
       RETURNING id::text`,
      [p.id, random.uuid(), copyId],
    );
    note('duplicate', DEFECT_CLASSES.duplicate, p.id);
    note('duplicate', DEFECT_CLASSES.duplicate, copy!.id);
  }
  for (const p of draw(rates.missingValue, persons)) {
    await dbs.population.query(`UPDATE person SET ethnicity = '' WHERE id = $1::uuid`, [p.id]);
    note('missingValue', DEFECT_CLASSES.missingValue, p.id);
  }
  for (const p of draw(rates.districtMismatch, persons)) {
    const other = districts[(districts.indexOf(p.residence_district_code) + 1) % districts.length]!;
    await dbs.population.query(`UPDATE person SET residence_district_code = $2 WHERE id = $1::uuid`, [p.id, other]);
    note('districtMismatch', DEFECT_CLASSES.districtMismatch, p.id);
  }

  // Licenses: a holder's in one class at most, none of a resident broken above.
  const freeLicense = (l: LicenseRecord) => l.holder_kind === 'PERSON' && !usedHolders.has(l.holder_identifier) && !usedRecords.has(l.id);
  const takeHolder = (l: LicenseRecord) => usedHolders.add(l.holder_identifier);
  for (const l of draw(rates.orphanHolder, licenses.filter(freeLicense))) {
    takeHolder(l);
    let nobody = makeIdNumber('310101', '1950-01-01', random.int(0, 999));
    while (idNumbers.has(nobody)) nobody = makeIdNumber('310101', '1950-01-01', random.int(0, 999));
    await dbs['e-license'].query(`UPDATE license SET holder_identifier = $2 WHERE id = $1::uuid`, [l.id, nobody]);
    note('orphanHolder', DEFECT_CLASSES.orphanHolder, l.id);
  }
  for (const l of draw(rates.nameMismatch, licenses.filter(freeLicense))) {
    takeHolder(l);
    const last = l.holder_name.slice(-1);
    await dbs['e-license'].query(`UPDATE license SET holder_name = $2 WHERE id = $1::uuid`, [l.id, l.holder_name.slice(0, -1) + (last === '明' ? '鸣' : '明')]);
    note('nameMismatch', DEFECT_CLASSES.nameMismatch, l.id);
  }
  const expiredOn = addDays(asOf, -10);
  for (const l of draw(
    rates.staleStatus,
    licenses.filter((l) => inAliveScope(l) && l.valid_from < addDays(asOf, -30) && !usedHolders.has(l.holder_identifier)),
  )) {
    takeHolder(l);
    await dbs['e-license'].query(`UPDATE license SET valid_until = $2::date WHERE id = $1::uuid`, [l.id, expiredOn]);
    note('staleStatus', DEFECT_CLASSES.staleStatus, l.id);
  }

  // Legal entities: the USCC only in the entity register (the licenses keep the right one).
  for (const e of draw(rates.badChecksum, entities)) {
    const broken = e.uscc.slice(0, 17) + wrongCheck(usccCheckChar(e.uscc.slice(0, 17)), USCC_ALPHABET);
    await dbs['legal-entity'].query(`UPDATE legal_entity SET uscc = $2 WHERE id = $1::uuid`, [e.id, broken]);
    note('badChecksum', 'legal-entity.uscc.valid', e.id);
  }
  for (const e of draw(rates.missingValue, entities)) {
    await dbs['legal-entity'].query(`UPDATE legal_entity SET business_scope = '' WHERE id = $1::uuid`, [e.id]);
    note('missingValue', 'legal-entity.business-scope.required', e.id);
  }
  return injected;
}
