import { makeLicenseIdentifier, makeUscc } from '@civicgraph/identifiers';
import { signLicense, type LicenseSigningKey } from '@civicgraph/license-signature';
import type { LegalEntityRow, LicenseRow, LicenseTypeRow, PersonRow } from '../rows';
import { addYears, DAY_MS, dayMs, type CityDraw } from './cityDraw';

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

export type LicenseHolder = { kind: 'PERSON'; row: PersonRow } | { kind: 'LEGAL_ENTITY'; row: LegalEntityRow };
export interface Issuer {
  name: string;
  code: string;
}

/** Signed licenses with a serial per type, and the authorities that issue them. */
export function licenseGenerator({ random, asOf, districtNames }: CityDraw, signingKey: LicenseSigningKey) {
  const serials: Record<string, number> = {};

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
      signingKey,
    ),
    signing_key_id: signingKey.id,
  });

  const license = (
    type: LicenseTypeRow,
    holder: LicenseHolder,
    issuer: Issuer,
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

  const trafficPolice: Issuer = { name: '上海市公安局交通警察总队', code: authorityCode('310000', 21) };

  return {
    license,
    civilAffairs: (district: string): Issuer => ({ name: `上海市${districtNames.get(district)}民政局`, code: authorityCode(district, 11) }),
    marketRegulation: (district: string): Issuer => ({ name: `上海市${districtNames.get(district)}市场监督管理局`, code: authorityCode(district, 31) }),
    health: { name: '上海市卫生健康委员会', code: authorityCode('310000', 41) } as Issuer,

    /** Driving licences for some adults of a batch; a renewed licence replaces the one before it. */
    drivingLicences(persons: readonly PersonRow[]): LicenseRow[] {
      const licenses: LicenseRow[] = [];
      const asOfMs = dayMs(asOf);
      for (const person of persons) {
        const age = (asOfMs - dayMs(person.birth_date)) / (365.25 * DAY_MS);
        if (age < 18 || age > 75 || person.death_date || !random.chance(0.4)) continue;
        const holder: LicenseHolder = { kind: 'PERSON', row: person };
        const first = addYears(person.birth_date, random.int(18, Math.max(18, Math.floor(age))));
        const firstUntil = addYears(first, 6);
        const district = person.residence_district_code;
        if (firstUntil < asOf && random.chance(0.7)) {
          const old = license(LICENSE_TYPES.driving, holder, trafficPolice, district, first, firstUntil, { status: 'CANCELLED' });
          const renewed = license(LICENSE_TYPES.driving, holder, trafficPolice, district, firstUntil, addYears(firstUntil, 10), { replacesId: old.id });
          licenses.push(old, renewed);
        } else {
          licenses.push(license(LICENSE_TYPES.driving, holder, trafficPolice, district, first, firstUntil));
        }
      }
      return licenses;
    },
  };
}

export type LicenseGenerator = ReturnType<typeof licenseGenerator>;
