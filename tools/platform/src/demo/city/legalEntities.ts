import { makeUscc, USCC_ALPHABET } from '@civicgraph/identifiers';
import { BRAND_CHARS, COOPERATIVE_INDUSTRY, INDUSTRIES } from '../referenceData';
import type { CityBatch, LegalEntityRow } from '../rows';
import type { MakeAddress } from './addresses';
import { addYears, DAY_MS, dayMs, toDay, type CityDraw } from './cityDraw';
import { LICENSE_TYPES, type LicenseGenerator } from './licenses';

/**
 * Legal entities for a batch — about one per ten residents, represented by adults of that batch — each with
 * its business licence, and a food licence for most eateries and shops. Every USCC is used once.
 */
export function legalEntityGenerator(draw: CityDraw, makeAddress: MakeAddress, licenses: LicenseGenerator) {
  const { random, asOf, asOfMs, districtNames, districtWeights } = draw;
  const { license, marketRegulation } = licenses;
  const usedUsccs = new Set<string>();

  const uniqueUscc = (kind: LegalEntityRow['kind'], district: string): string => {
    let uscc: string;
    do {
      let base = 'MA';
      for (let j = 0; j < 6; j++) base += random.pick([...USCC_ALPHABET]);
      uscc = makeUscc('9', kind === 'ENTERPRISE' ? '1' : kind === 'INDIVIDUAL_BUSINESS' ? '2' : '3', district, base);
    } while (usedUsccs.has(uscc));
    usedUsccs.add(uscc);
    return uscc;
  };

  return (batch: CityBatch): void => {
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
      const uscc = uniqueUscc(kind, district);
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
      const holder = { kind: 'LEGAL_ENTITY', row: entity } as const;
      batch.licenses.push(
        license(LICENSE_TYPES.business, holder, marketRegulation(district), district, established, null, { status: licenseStatus, number: uscc }),
      );
      if ((industry.code === 'H6210' || industry.code === 'F5211') && random.chance(0.7)) {
        const issued = toDay(Math.max(dayMs(established), asOfMs - random.int(30, 3600) * DAY_MS));
        const extra = status === 'ACTIVE' ? {} : ({ status: 'CANCELLED' } as const);
        batch.licenses.push(license(LICENSE_TYPES.food, holder, marketRegulation(district), district, issued, addYears(issued, 5), extra));
      }
    }
  };
}
