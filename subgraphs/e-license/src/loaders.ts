import DataLoader from 'dataloader';
import type { RequestContextClaims } from '@civicgraph/policy';
import type { Queryable } from '@civicgraph/db';
import { column as c, createKeyLoader, dateColumn, groupBy, rowGuard, tableRows, visibleRows } from '@civicgraph/subgraph-kit';
import type { License, LicenseStatus, LicenseType } from '@civicgraph/prisma/e-license';
import { licenseRule } from './rowRules';

/** The license tables as Prisma's models (the loaders read them with prepared SQL: they serve every request). */
const LICENSE = tableRows<License>('license', {
  id: c('id'),
  identifier: c('identifier'),
  typeCode: c('type_code'),
  name: c('name'),
  number: c('number'),
  holderKind: c('holder_kind'),
  holderId: c('holder_id'),
  holderName: c('holder_name'),
  holderIdentifier: c('holder_identifier'),
  holderIdentifierType: c('holder_identifier_type'),
  issuerName: c('issuer_name'),
  issuerCode: c('issuer_code'),
  jurisdictionCode: c('jurisdiction_code'),
  issuedOn: dateColumn('issued_on'),
  validFrom: dateColumn('valid_from'),
  validUntil: dateColumn('valid_until'),
  longTerm: c('long_term'),
  status: c('status'),
  replacesId: c('replaces_id'),
  signature: c('signature'),
  signingKeyId: c('signing_key_id'),
  updatedAt: dateColumn('updated_at'),
  // Part of the row type; the schema has no field that serves it.
  recordKey: c('record_key'),
});
const LICENSE_TYPE = tableRows<LicenseType>('license_type', {
  code: c('code'),
  name: c('name'),
  holderKind: c('holder_kind'),
  issuerName: c('issuer_name'),
});
const licensesById = LICENSE.prepare('e_license_by_id', 'WHERE id = ANY($1::uuid[])');
const licenseTypesByCode = LICENSE_TYPE.prepare('e_license_type_by_code', 'WHERE code = ANY($1::varchar[])');
// One statement whatever the filter: a null type or status matches every row.
const licensesOfHolders = LICENSE.prepare(
  'e_license_of_holders',
  'WHERE holder_id = ANY($1::uuid[]) AND ($2::varchar IS NULL OR type_code = $2::varchar) AND ($3::text IS NULL OR status::text = $3::text) ORDER BY issued_on DESC, id',
);

export interface HolderLicensesKey {
  holderId: string;
  typeCode: string | null;
  status: LicenseStatus | null;
}

/** Per-request batch loaders: one SQL statement per batch of keys (per filter, for holder lists). */
export interface ELicenseLoaders {
  licenseById: DataLoader<string, License | null>;
  licenseTypeByCode: DataLoader<string, LicenseType | null>;
  licensesOfHolder: DataLoader<HolderLicensesKey, License[], string>;
}

export function createLoaders(db: Queryable, caller: RequestContextClaims): ELicenseLoaders {
  return {
    licenseById: createKeyLoader(
      (ids) => licensesById(db, [ids]),
      (l) => l.id,
      rowGuard(licenseRule, caller, 'License'),
    ),
    licenseTypeByCode: createKeyLoader(
      (codes) => licenseTypesByCode(db, [codes]),
      (t) => t.code,
    ),
    licensesOfHolder: new DataLoader(
      async (keys) => {
        // Holders asked for with the same filter share one statement.
        const byFilter = new Map<string, HolderLicensesKey[]>();
        for (const key of keys) {
          const filter = `${key.typeCode ?? ''}|${key.status ?? ''}`;
          byFilter.set(filter, [...(byFilter.get(filter) ?? []), key]);
        }
        const results = new Map<HolderLicensesKey, License[]>();
        await Promise.all(
          [...byFilter.values()].map(async (group) => {
            const { typeCode, status } = group[0]!;
            const rows = await licensesOfHolders(db, [group.map((k) => k.holderId), typeCode, status]);
            groupBy(
              group.map((k) => k.holderId),
              visibleRows(rows, licenseRule, caller),
              (row) => row.holderId,
            ).forEach((licenses, i) => results.set(group[i]!, licenses));
          }),
        );
        return keys.map((key) => results.get(key) ?? []);
      },
      { cacheKeyFn: (key) => `${key.holderId}|${key.typeCode ?? ''}|${key.status ?? ''}` },
    ),
  };
}
