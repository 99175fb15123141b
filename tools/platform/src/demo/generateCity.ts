import { makeIdNumber, makeLicenseIdentifier, makeUscc, USCC_ALPHABET } from '@civicgraph/identifiers';
import { signLicense, type LicenseSigningKey } from '@civicgraph/license-signature';
import { Random } from './random';
import {
  ABOLISHED_CODES,
  BRAND_CHARS,
  COOPERATIVE_INDUSTRY,
  DISTRICT_GEOGRAPHY,
  ETHNICITIES,
  GIVEN_NAME_CHARS,
  INDUSTRIES,
  MIGRANT_ORIGIN_CODES,
  ROAD_STEMS,
  ROAD_SUFFIXES,
  SURNAMES,
  shanghaiDivisions,
  type DivisionRow,
} from './referenceData';
import type { AddressRow, CityBatch, LegalEntityRow, LicenseRow, LicenseTypeRow, PersonRow } from './rows';

export interface GenerateCityOptions {
  /** Residents to generate. */
  persons: number;
  /** Same seed, same city. Default 2260. */
  seed?: number;
  /** The day the data describes (`YYYY-MM-DD`): ages, validity and statuses are relative to it. Default 2026-11-01. */
  asOf?: string;
  /** Key that signs every license. */
  signingKey: LicenseSigningKey;
  /** Residents per batch. Default 5,000. */
  batchSize?: number;
}

const DAY_MS = 86_400_000;
const toDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const dayMs = (day: string) => Date.parse(`${day}T00:00:00Z`);
const addYears = (day: string, years: number) => `${Number(day.slice(0, 4)) + years}${day.slice(4)}`.replace(/-02-29$/, '-02-28');

/** Makes a valid USCC-based code for an issuing authority, deterministic in its inputs. */
function authorityCode(divisionCode: string, department: number): string {
  const base = `${String(department).padStart(2, '0')}${divisionCode.slice(2, 6)}00`;
  return makeUscc('1', '1', divisionCode, base.slice(0, 8));
}

const MINISTRY = {
  civilAffairs: makeUscc('1', '1', '100000', '00001333'),
  publicSecurity: makeUscc('1', '1', '100000', '00000130'),
  health: makeUscc('1', '1', '100000', '00002256'),
  marketRegulation: makeUscc('1', '1', '100000', 'MB014302'),
};

/** License types in the library; codes are the national catalogue style: competent ministry's code + serial. */
export const LICENSE_TYPES = {
  marriage: { code: `${MINISTRY.civilAffairs}001`, name: '结婚证', holder_kind: 'PERSON', issuer_name: '上海市各区民政局' },
  driving: { code: `${MINISTRY.publicSecurity}014`, name: '机动车驾驶证', holder_kind: 'PERSON', issuer_name: '上海市公安局交通警察总队' },
  birth: { code: `${MINISTRY.health}003`, name: '出生医学证明', holder_kind: 'PERSON', issuer_name: '上海市卫生健康委员会' },
  business: { code: `${MINISTRY.marketRegulation}001`, name: '营业执照', holder_kind: 'LEGAL_ENTITY', issuer_name: '上海市各区市场监督管理局' },
  food: { code: `${MINISTRY.marketRegulation}012`, name: '食品经营许可证', holder_kind: 'LEGAL_ENTITY', issuer_name: '上海市各区市场监督管理局' },
} satisfies Record<string, LicenseTypeRow>;

export function licenseTypeRows(): LicenseTypeRow[] {
  return Object.values(LICENSE_TYPES);
}

interface Township {
  code: string;
  name: string;
  districtCode: string;
  lat: number;
  lng: number;
  roads: string[];
}

/**
 * Generates a coherent city batch by batch: every ID number agrees with its holder's birth date, sex and
 * (birth) district; every representative and license holder exists in the same or an earlier batch;
 * every address lies in a real township.
 */
export function* generateCity(options: GenerateCityOptions): Generator<CityBatch> {
  const random = new Random(options.seed ?? 2260);
  const asOf = options.asOf ?? '2026-11-01';
  const asOfMs = dayMs(asOf);
  const batchSize = options.batchSize ?? 5_000;
  const divisions = shanghaiDivisions();
  const districtNames = new Map(divisions.filter((d) => d.level === 'DISTRICT').map((d) => [d.code, d.name]));
  const townshipsByDistrict = new Map<string, Township[]>();
  for (const division of divisions.filter((d): d is DivisionRow & { parentCode: string } => d.level === 'TOWNSHIP' && !!d.parentCode)) {
    const geo = DISTRICT_GEOGRAPHY[division.parentCode]!;
    const township: Township = {
      code: division.code,
      name: division.name,
      districtCode: division.parentCode,
      lat: geo.lat + (random.next() - 0.5) * geo.spread * 1.6,
      lng: geo.lng + (random.next() - 0.5) * geo.spread * 1.6,
      roads: Array.from({ length: 6 }, () => random.pick(ROAD_STEMS) + random.pick(ROAD_SUFFIXES)),
    };
    townshipsByDistrict.set(division.parentCode, [...(townshipsByDistrict.get(division.parentCode) ?? []), township]);
  }
  const districtWeights = Object.entries(DISTRICT_GEOGRAPHY).map(([code, g]) => [code, g.weight] as const);
  const usedIdNumbers = new Set<string>();
  const usedUsccs = new Set<string>();
  const serials: Record<string, number> = {};

  const makeAddress = (districtCode: string, commercial: boolean): AddressRow => {
    const township = random.pick(townshipsByDistrict.get(districtCode)!);
    const road = random.pick(township.roads);
    const number = String(random.int(1, 1999));
    const building = commercial ? null : `${random.int(1, 40)}号楼`;
    const room = commercial
      ? `${random.int(1, 30)}${String(random.int(1, 20)).padStart(2, '0')}室`
      : `${random.int(1, 33)}${String(random.int(1, 8)).padStart(2, '0')}室`;
    return {
      id: random.uuid(),
      division_code: township.code,
      district_code: districtCode,
      road,
      number,
      building,
      room,
      full_text: `上海市${districtNames.get(districtCode)}${township.name}${road}${number}号${building ?? ''}${room}`,
      latitude: Math.round((township.lat + (random.next() - 0.5) * 0.006) * 1e6) / 1e6,
      longitude: Math.round((township.lng + (random.next() - 0.5) * 0.006) * 1e6) / 1e6,
    };
  };

  const birthAddressCode = (districtCode: string, birthDate: string): string => {
    if (random.chance(0.22)) return random.pick(MIGRANT_ORIGIN_CODES);
    const abolished = ABOLISHED_CODES[districtCode];
    if (abolished && birthDate < abolished.until && random.chance(0.6)) return abolished.code;
    return districtCode;
  };

  const uniqueIdNumber = (addressCode: string, birthDate: string, gender: 'MALE' | 'FEMALE'): string => {
    for (;;) {
      const sequence = random.int(0, 499) * 2 + (gender === 'MALE' ? 1 : 0);
      const id = makeIdNumber(addressCode, birthDate, sequence);
      if (!usedIdNumbers.has(id)) {
        usedIdNumbers.add(id);
        return id;
      }
    }
  };

  const givenName = () => random.pick(GIVEN_NAME_CHARS) + (random.chance(0.7) ? random.pick(GIVEN_NAME_CHARS) : '');
  // Drawn from the id rather than the generator, so adding this item left every other value unchanged.
  const religionOf = (id: string) => {
    const n = parseInt(id.slice(0, 8), 16) % 100;
    return n < 88 ? null : (['佛教', '佛教', '佛教', '道教', '基督教', '基督教', '天主教', '伊斯兰教', '伊斯兰教', '其他', '其他', '其他'] as const)[n - 88]!;
  };
  const phone = () => `1${random.pick(['3', '5', '7', '8', '9'])}${random.digits(9)}`;
  const birthDateAged = (minAge: number, maxAge: number) => toDay(asOfMs - random.int(minAge * 365 + 1, maxAge * 365 + 300) * DAY_MS);

  const makePerson = (p: {
    surname: string;
    gender: 'MALE' | 'FEMALE';
    birthDate: string;
    home: AddressRow;
    residence: AddressRow;
    marital: PersonRow['marital_status'];
    fatherId?: string | null;
    motherId?: string | null;
    deathDate?: string | null;
  }): PersonRow => {
    const adult = dayMs(p.birthDate) <= asOfMs - 12 * 365 * DAY_MS;
    const id = random.uuid();
    return {
      id,
      id_number: uniqueIdNumber(birthAddressCode(p.home.district_code, p.birthDate), p.birthDate, p.gender),
      name: p.surname + givenName(),
      gender: p.gender,
      birth_date: p.birthDate,
      ethnicity: random.weighted(ETHNICITIES),
      nationality: 'CHN',
      household_address_id: p.home.id,
      household_district_code: p.home.district_code,
      residence_address_id: p.residence.id,
      residence_district_code: p.residence.district_code,
      marital_status: p.marital,
      phone: adult && !p.deathDate ? phone() : null,
      religion: religionOf(id),
      death_date: p.deathDate ?? null,
      father_id: p.fatherId ?? null,
      mother_id: p.motherId ?? null,
    };
  };

  const sign = (row: Omit<LicenseRow, 'signature' | 'signing_key_id'>): LicenseRow => ({
    ...row,
    signature: signLicense(
      {
        identifier: row.identifier,
        typeCode: row.type_code,
        name: row.name,
        number: row.number,
        holderKind: row.holder_kind,
        holderId: row.holder_id,
        holderName: row.holder_name,
        holderIdentifier: row.holder_identifier,
        holderIdentifierType: row.holder_identifier_type,
        issuerName: row.issuer_name,
        issuerCode: row.issuer_code,
        jurisdictionCode: row.jurisdiction_code,
        issuedOn: row.issued_on,
        validFrom: row.valid_from,
        validUntil: row.valid_until,
        longTerm: row.long_term,
        replacesId: row.replaces_id,
      },
      options.signingKey,
    ),
    signing_key_id: options.signingKey.id,
  });

  const license = (
    type: LicenseTypeRow,
    holder: { kind: 'PERSON'; row: PersonRow } | { kind: 'LEGAL_ENTITY'; row: LegalEntityRow },
    issuer: { name: string; code: string },
    jurisdiction: string,
    issuedOn: string,
    validUntil: string | null,
    extra: { status?: LicenseRow['status']; replacesId?: string | null; number?: string } = {},
  ): LicenseRow => {
    serials[type.code] = (serials[type.code] ?? 0) + 1;
    const serial = `${issuedOn.slice(0, 4)}${String(serials[type.code]).padStart(8, '0')}`;
    const status = extra.status ?? (validUntil && validUntil < asOf ? 'EXPIRED' : 'VALID');
    return sign({
      id: random.uuid(),
      identifier: makeLicenseIdentifier(type.code, issuer.code, serial, '001'),
      type_code: type.code,
      name: type.name,
      number: extra.number ?? `${jurisdiction}${serial}`,
      holder_kind: holder.kind,
      holder_id: holder.row.id,
      holder_name: holder.row.name,
      holder_identifier: holder.kind === 'PERSON' ? holder.row.id_number : holder.row.uscc,
      holder_identifier_type: holder.kind === 'PERSON' ? '111' : '001',
      issuer_name: issuer.name,
      issuer_code: issuer.code,
      jurisdiction_code: jurisdiction,
      issued_on: issuedOn,
      valid_from: issuedOn,
      valid_until: validUntil,
      long_term: validUntil === null,
      status,
      replaces_id: extra.replacesId ?? null,
    });
  };

  const civilAffairs = (district: string) => ({ name: `上海市${districtNames.get(district)}民政局`, code: authorityCode(district, 11) });
  const marketRegulation = (district: string) => ({ name: `上海市${districtNames.get(district)}市场监督管理局`, code: authorityCode(district, 31) });
  const trafficPolice = { name: '上海市公安局交通警察总队', code: authorityCode('310000', 21) };
  const health = { name: '上海市卫生健康委员会', code: authorityCode('310000', 41) };

  let remaining = options.persons;
  while (remaining > 0) {
    const batch: CityBatch = { addresses: [], persons: [], legalEntities: [], licenses: [] };
    const target = Math.min(batchSize, remaining);
    while (batch.persons.length < target) {
      const district = random.weighted(districtWeights);
      const home = makeAddress(district, false);
      batch.addresses.push(home);
      const elsewhere = () => {
        if (random.chance(0.85)) return home;
        const other = makeAddress(random.weighted(districtWeights), false);
        batch.addresses.push(other);
        return other;
      };
      const room = target - batch.persons.length;
      const kind =
        room < 2
          ? 'single'
          : random.weighted([
              ['family', 55],
              ['single', 25],
              ['elderly', 20],
            ] as const);
      const surname = random.pick(SURNAMES);
      if (kind === 'single') {
        const divorced = random.chance(0.25);
        batch.persons.push(
          makePerson({
            surname,
            gender: random.chance(0.5) ? 'MALE' : 'FEMALE',
            birthDate: divorced ? birthDateAged(35, 70) : birthDateAged(18, 40),
            home,
            residence: elsewhere(),
            marital: divorced ? 'DIVORCED' : 'UNMARRIED',
          }),
        );
        continue;
      }
      if (kind === 'elderly') {
        const husbandBirth = birthDateAged(60, 92);
        const widowed = random.chance(0.25);
        const husband = makePerson({
          surname,
          gender: 'MALE',
          birthDate: husbandBirth,
          home,
          residence: home,
          marital: 'MARRIED',
          deathDate: widowed ? toDay(asOfMs - random.int(30, 3000) * DAY_MS) : null,
        });
        const wife = makePerson({
          surname: random.pick(SURNAMES),
          gender: 'FEMALE',
          birthDate: toDay(dayMs(husbandBirth) + random.int(-1000, 1500) * DAY_MS),
          home,
          residence: home,
          marital: widowed ? 'WIDOWED' : 'MARRIED',
        });
        batch.persons.push(husband, wife);
        const married = addYears(husbandBirth, random.int(23, 30));
        if (married < asOf) {
          const number = `J${district}-${married.slice(0, 4)}-${random.digits(6)}`;
          for (const spouse of [husband, wife])
            batch.licenses.push(license(LICENSE_TYPES.marriage, { kind: 'PERSON', row: spouse }, civilAffairs(district), district, married, null, { number }));
        }
        continue;
      }
      // A family: married parents and up to two children (fewer when the batch is nearly full).
      const fatherBirth = birthDateAged(26, 58);
      const father = makePerson({ surname, gender: 'MALE', birthDate: fatherBirth, home, residence: elsewhere(), marital: 'MARRIED' });
      const mother = makePerson({
        surname: random.pick(SURNAMES),
        gender: 'FEMALE',
        birthDate: toDay(dayMs(fatherBirth) + random.int(-700, 1500) * DAY_MS),
        home,
        residence: father.residence_address_id === home.id ? home : elsewhere(),
        marital: 'MARRIED',
      });
      batch.persons.push(father, mother);
      const married = addYears(mother.birth_date, random.int(22, 28));
      const number = `J${district}-${married.slice(0, 4)}-${random.digits(6)}`;
      if (married < asOf)
        for (const spouse of [father, mother])
          batch.licenses.push(license(LICENSE_TYPES.marriage, { kind: 'PERSON', row: spouse }, civilAffairs(district), district, married, null, { number }));
      const children = Math.min(
        random.weighted([
          [0, 20],
          [1, 55],
          [2, 25],
        ] as const),
        target - batch.persons.length,
      );
      let childBirth = dayMs(married) + random.int(300, 1500) * DAY_MS;
      for (let i = 0; i < children && childBirth < asOfMs; i++) {
        const birthDate = toDay(childBirth);
        const child = makePerson({
          surname,
          gender: random.chance(0.51) ? 'MALE' : 'FEMALE',
          birthDate,
          home,
          residence: home,
          marital: 'UNMARRIED',
          fatherId: father.id,
          motherId: mother.id,
        });
        batch.persons.push(child);
        if (birthDate >= '1996-01-01') batch.licenses.push(license(LICENSE_TYPES.birth, { kind: 'PERSON', row: child }, health, district, birthDate, null));
        childBirth += random.int(700, 2500) * DAY_MS;
      }
    }

    // Driving licences: some adults; a renewed licence replaces the one before it.
    for (const person of batch.persons) {
      const age = (asOfMs - dayMs(person.birth_date)) / (365.25 * DAY_MS);
      if (age < 18 || age > 75 || person.death_date || !random.chance(0.4)) continue;
      const first = addYears(person.birth_date, random.int(18, Math.max(18, Math.floor(age))));
      const firstUntil = addYears(first, 6);
      if (firstUntil < asOf && random.chance(0.7)) {
        const old = license(LICENSE_TYPES.driving, { kind: 'PERSON', row: person }, trafficPolice, person.residence_district_code, first, firstUntil, {
          status: 'CANCELLED',
        });
        const renewed = license(
          LICENSE_TYPES.driving,
          { kind: 'PERSON', row: person },
          trafficPolice,
          person.residence_district_code,
          firstUntil,
          addYears(firstUntil, 10),
          { replacesId: old.id },
        );
        batch.licenses.push(old, renewed);
      } else {
        batch.licenses.push(license(LICENSE_TYPES.driving, { kind: 'PERSON', row: person }, trafficPolice, person.residence_district_code, first, firstUntil));
      }
    }

    // Legal entities: about one per ten residents, represented by adults of this batch.
    const adults = batch.persons.filter((p) => !p.death_date && p.birth_date <= addYears(asOf, -20));
    const entityCount = adults.length ? Math.round(batch.persons.length / 10) : 0;
    for (let i = 0; i < entityCount; i++) {
      const representative = random.pick(adults);
      const district = random.chance(0.7) ? representative.residence_district_code : random.weighted(districtWeights);
      const kind = random.weighted([
        ['ENTERPRISE', 80],
        ['INDIVIDUAL_BUSINESS', 18],
        ['FARMERS_COOPERATIVE', 2],
      ] as const);
      const industry =
        kind === 'FARMERS_COOPERATIVE'
          ? COOPERATIVE_INDUSTRY
          : random.pick(kind === 'INDIVIDUAL_BUSINESS' ? INDUSTRIES.filter((x) => x.forIndividuals) : INDUSTRIES);
      const address = makeAddress(district, true);
      batch.addresses.push(address);
      let uscc: string;
      do {
        let base = 'MA';
        for (let j = 0; j < 6; j++) base += random.pick([...USCC_ALPHABET]);
        uscc = makeUscc('9', kind === 'ENTERPRISE' ? '1' : kind === 'INDIVIDUAL_BUSINESS' ? '2' : '3', district, base);
      } while (usedUsccs.has(uscc));
      usedUsccs.add(uscc);
      const brand = random.pick(BRAND_CHARS) + random.pick(BRAND_CHARS);
      const name =
        kind === 'ENTERPRISE'
          ? `上海${brand}${industry.noun}有限公司`
          : kind === 'INDIVIDUAL_BUSINESS'
            ? `${districtNames.get(district)!.replace(/区$/, '')}${brand}${industry.code === 'H6210' ? '小吃店' : industry.code === 'F5211' ? '便利店' : '家政服务部'}`
            : `上海市${districtNames.get(district)}${brand}${industry.noun}`;
      const earliest = Math.max(dayMs('1995-01-01'), dayMs(addYears(representative.birth_date, 20)));
      const established = toDay(earliest + Math.floor(random.next() * (asOfMs - earliest)));
      const status = random.weighted([
        ['ACTIVE', 85],
        ['REVOKED', 5],
        ['DEREGISTERED', 8],
        ['MOVED_OUT', 2],
      ] as const);
      const entity: LegalEntityRow = {
        id: random.uuid(),
        uscc,
        name,
        kind,
        status,
        representative_id: representative.id,
        representative_id_number: representative.id_number,
        registered_capital: kind === 'INDIVIDUAL_BUSINESS' ? null : `${random.pick([10, 50, 100, 200, 500, 1000, 5000])}0000.00`,
        established_on: established,
        business_scope: industry.scope,
        industry_code: industry.code,
        registered_address_id: address.id,
        district_code: district,
        registration_authority: marketRegulation(district).name,
      };
      batch.legalEntities.push(entity);
      const licenseStatus = ({ ACTIVE: 'VALID', REVOKED: 'REVOKED', DEREGISTERED: 'CANCELLED', MOVED_OUT: 'TRANSFERRED_OUT' } as const)[status];
      batch.licenses.push(
        license(LICENSE_TYPES.business, { kind: 'LEGAL_ENTITY', row: entity }, marketRegulation(district), district, established, null, {
          status: licenseStatus,
          number: uscc,
        }),
      );
      if ((industry.code === 'H6210' || industry.code === 'F5211') && random.chance(0.7)) {
        const issued = toDay(Math.max(dayMs(established), asOfMs - random.int(30, 3600) * DAY_MS));
        batch.licenses.push(
          license(
            LICENSE_TYPES.food,
            { kind: 'LEGAL_ENTITY', row: entity },
            marketRegulation(district),
            district,
            issued,
            addYears(issued, 5),
            status === 'ACTIVE' ? {} : { status: 'CANCELLED' },
          ),
        );
      }
    }
    remaining -= batch.persons.length;
    yield batch;
  }
}
