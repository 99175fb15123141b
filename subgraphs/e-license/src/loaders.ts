import DataLoader from 'dataloader';
import type { RequestContextClaims } from '@civicgraph/policy';
import { createKeyLoader, groupBy, rowGuard, visibleRows } from '@civicgraph/subgraph-kit';
import type { License, LicenseStatus, LicenseType, PrismaClient } from '@civicgraph/prisma/e-license';
import { licenseRule } from './rowRules';

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

export function createLoaders(prisma: PrismaClient, caller: RequestContextClaims): ELicenseLoaders {
  return {
    licenseById: createKeyLoader(
      (ids) => prisma.license.findMany({ where: { id: { in: ids } } }),
      (l) => l.id,
      rowGuard(licenseRule, caller, 'License'),
    ),
    licenseTypeByCode: createKeyLoader(
      (codes) => prisma.licenseType.findMany({ where: { code: { in: codes } } }),
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
            const rows = await prisma.license.findMany({
              where: { holderId: { in: group.map((k) => k.holderId) }, ...(typeCode ? { typeCode } : {}), ...(status ? { status } : {}) },
              orderBy: [{ issuedOn: 'desc' }, { id: 'asc' }],
            });
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
