import { parseDivisionCode, parseIdNumber, parseLicenseIdentifier, parseUscc } from '@civicgraph/identifiers';
import { generateLicenseSigningKey, verifyLicenseSignature } from '@civicgraph/license-signature';
import { generateCity, type CityBatch } from '../index';
import { ABOLISHED_CODES, MIGRANT_ORIGIN_CODES, shanghaiDivisions } from '../demo/referenceData';

const signingKey = generateLicenseSigningKey();

function collect(persons: number, seed = 7): CityBatch {
  const all: CityBatch = { addresses: [], persons: [], legalEntities: [], licenses: [] };
  for (const batch of generateCity({ persons, seed, signingKey, batchSize: 1000 })) {
    for (const key of Object.keys(all) as (keyof CityBatch)[]) (all[key] as unknown[]).push(...batch[key]);
  }
  return all;
}

describe('generateCity', () => {
  const city = collect(3000);
  const divisions = new Map(shanghaiDivisions().map((d) => [d.code, d]));
  const addresses = new Map(city.addresses.map((a) => [a.id, a]));
  const persons = new Map(city.persons.map((p) => [p.id, p]));
  const entities = new Map(city.legalEntities.map((e) => [e.id, e]));

  it('generates exactly the residents asked for, about one entity per ten', () => {
    expect(city.persons).toHaveLength(3000);
    expect(city.legalEntities.length).toBeGreaterThan(250);
    expect(city.legalEntities.length).toBeLessThan(350);
    expect(new Set(city.persons.map((p) => p.id_number)).size).toBe(3000);
  });

  it('reads the 16 districts and their townships from the reference package', () => {
    const all = shanghaiDivisions();
    expect(all.filter((d) => d.level === 'DISTRICT')).toHaveLength(16);
    expect(all.filter((d) => d.level === 'TOWNSHIP').length).toBeGreaterThanOrEqual(215);
    expect(divisions.get('310151')?.name).toBe('崇明区');
  });

  it('gives every resident a valid ID number that agrees with birth date, sex and birthplace', () => {
    const known = new Set([...divisions.keys(), ...Object.values(ABOLISHED_CODES).map((a) => a.code), ...MIGRANT_ORIGIN_CODES]);
    for (const p of city.persons) {
      const parsed = parseIdNumber(p.id_number, new Date('2026-11-01'));
      expect(parsed).toMatchObject({ ok: true, value: { birthDate: p.birth_date, gender: p.gender } });
      if (parsed.ok) expect(known.has(parsed.value.addressCode)).toBe(true);
    }
  });

  it('places every address in a real township of its district, and every resident at existing addresses', () => {
    for (const a of city.addresses) {
      const township = divisions.get(a.division_code);
      expect(township).toMatchObject({ level: 'TOWNSHIP', parentCode: a.district_code });
      expect(a.full_text).toContain(township!.name);
    }
    for (const p of city.persons) {
      expect(addresses.get(p.household_address_id)?.district_code).toBe(p.household_district_code);
      expect(addresses.get(p.residence_address_id)?.district_code).toBe(p.residence_district_code);
    }
  });

  it('links children to older, existing parents', () => {
    const children = city.persons.filter((p) => p.father_id);
    expect(children.length).toBeGreaterThan(100);
    for (const child of children) {
      const father = persons.get(child.father_id!)!;
      const mother = persons.get(child.mother_id!)!;
      expect(father).toMatchObject({ gender: 'MALE' });
      expect(mother).toMatchObject({ gender: 'FEMALE' });
      expect(father.birth_date < child.birth_date && mother.birth_date < child.birth_date).toBe(true);
    }
  });

  it('registers legal entities with valid USCCs, existing adult representatives and addresses in their district', () => {
    for (const e of city.legalEntities) {
      expect(parseUscc(e.uscc)).toMatchObject({ ok: true, value: { department: '9', divisionCode: e.district_code } });
      const representative = persons.get(e.representative_id)!;
      expect(representative.death_date).toBeNull();
      expect(representative.birth_date <= e.established_on).toBe(true);
      expect(addresses.get(e.registered_address_id)?.district_code).toBe(e.district_code);
      expect(parseDivisionCode(e.district_code)).toMatchObject({ ok: true, value: { level: 'COUNTY' } });
    }
  });

  it('issues signed licenses with valid identifiers to holders that exist, under their own identifiers', () => {
    for (const l of city.licenses) {
      expect(parseLicenseIdentifier(l.identifier)).toMatchObject({ ok: true, value: { typeCode: l.type_code, issuerCode: l.issuer_code } });
      const holder = l.holder_kind === 'PERSON' ? persons.get(l.holder_id) : entities.get(l.holder_id);
      expect(holder).toBeDefined();
      expect(l.holder_identifier).toBe(l.holder_kind === 'PERSON' ? persons.get(l.holder_id)!.id_number : entities.get(l.holder_id)!.uscc);
      expect(l.long_term).toBe(l.valid_until === null);
    }
    const sample = city.licenses.filter((_, i) => i % 97 === 0);
    for (const l of sample) {
      const content = {
        identifier: l.identifier,
        typeCode: l.type_code,
        name: l.name,
        number: l.number,
        holderKind: l.holder_kind,
        holderId: l.holder_id,
        holderName: l.holder_name,
        holderIdentifier: l.holder_identifier,
        holderIdentifierType: l.holder_identifier_type,
        issuerName: l.issuer_name,
        issuerCode: l.issuer_code,
        jurisdictionCode: l.jurisdiction_code,
        issuedOn: l.issued_on,
        validFrom: l.valid_from,
        validUntil: l.valid_until,
        longTerm: l.long_term,
        replacesId: l.replaces_id,
      };
      expect(verifyLicenseSignature(content, l.signature, signingKey.publicKeyPem)).toBe(true);
    }
  });

  it('is deterministic for a seed and differs across seeds', () => {
    const again = collect(3000);
    expect(again.persons).toEqual(city.persons);
    expect(again.licenses.map((l) => l.identifier)).toEqual(city.licenses.map((l) => l.identifier));
    expect(collect(500, 8).persons[0]!.id).not.toBe(city.persons[0]!.id);
  });
});
