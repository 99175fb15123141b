/**
 * The textbook baseline's loaders: Prisma's `findMany` per batch of keys, as the Prisma and DataLoader
 * documentation teaches (the served subgraphs read these hot paths with prepared SQL instead). The baseline
 * allows everything, so no row rule applies.
 */
import DataLoader from 'dataloader';
import type { ELicenseLoaders } from '@civicgraph/e-license-subgraph';
import type { LegalEntityLoaders } from '@civicgraph/legal-entity-subgraph';
import type { PopulationLoaders } from '@civicgraph/population-subgraph';
import type { SpatialLoaders } from '@civicgraph/spatial-subgraph';
import type { License, PrismaClient as ELicenseClient } from '@civicgraph/prisma/e-license';
import type { PrismaClient as LegalEntityClient } from '@civicgraph/prisma/legal-entity';
import type { PrismaClient as PopulationClient } from '@civicgraph/prisma/population';
import type { PrismaClient as SpatialClient } from '@civicgraph/prisma/spatial';
import { createKeyLoader, createListLoader, groupBy } from '@civicgraph/subgraph-kit';

export function textbookPopulationLoaders(prisma: PopulationClient): PopulationLoaders {
  return {
    personById: createKeyLoader(
      (ids) => prisma.person.findMany({ where: { id: { in: ids } } }),
      (p) => p.id,
    ),
    personByIdNumber: createKeyLoader(
      (numbers) => prisma.person.findMany({ where: { idNumber: { in: numbers } } }),
      (p) => p.idNumber,
    ),
    childrenOf: new DataLoader(async (parentIds) => {
      const ids = [...parentIds];
      const rows = await prisma.person.findMany({
        where: { OR: [{ fatherId: { in: ids } }, { motherId: { in: ids } }] },
        orderBy: [{ birthDate: 'asc' }, { id: 'asc' }],
      });
      const pairs = rows.flatMap((row) => [row.fatherId, row.motherId].filter((p): p is string => !!p).map((parent) => ({ parent, row })));
      return groupBy(ids, pairs, (p) => p.parent).map((group) => group.map((p) => p.row));
    }),
  };
}

export function textbookLegalEntityLoaders(prisma: LegalEntityClient): LegalEntityLoaders {
  return {
    entityById: createKeyLoader(
      (ids) => prisma.legalEntity.findMany({ where: { id: { in: ids } } }),
      (e) => e.id,
    ),
    entityByUscc: createKeyLoader(
      (codes) => prisma.legalEntity.findMany({ where: { uscc: { in: codes } } }),
      (e) => e.uscc,
    ),
    entitiesByRepresentative: createListLoader(
      (personIds) => prisma.legalEntity.findMany({ where: { representativeId: { in: personIds } }, orderBy: [{ establishedOn: 'asc' }, { id: 'asc' }] }),
      (e) => e.representativeId,
    ),
  };
}

export function textbookSpatialLoaders(prisma: SpatialClient): SpatialLoaders {
  return {
    divisionByCode: createKeyLoader(
      (codes) => prisma.division.findMany({ where: { code: { in: codes } } }),
      (d) => d.code,
    ),
    childrenOf: createListLoader(
      (codes) => prisma.division.findMany({ where: { parentCode: { in: codes } }, orderBy: { code: 'asc' } }),
      (d) => d.parentCode!,
    ),
    addressById: createKeyLoader(
      (ids) => prisma.address.findMany({ where: { id: { in: ids } } }),
      (a) => a.id,
    ),
  };
}

export function textbookELicenseLoaders(prisma: ELicenseClient): ELicenseLoaders {
  return {
    licenseById: createKeyLoader(
      (ids) => prisma.license.findMany({ where: { id: { in: ids } } }),
      (l) => l.id,
    ),
    licenseTypeByCode: createKeyLoader(
      (codes) => prisma.licenseType.findMany({ where: { code: { in: codes } } }),
      (t) => t.code,
    ),
    licensesOfHolder: new DataLoader(
      async (keys) => {
        // Holders asked for with the same filter share one statement (as the served loader does).
        const byFilter = new Map<string, (typeof keys)[number][]>();
        for (const key of keys) {
          const filter = `${key.typeCode ?? ''}|${key.status ?? ''}`;
          byFilter.set(filter, [...(byFilter.get(filter) ?? []), key]);
        }
        const results = new Map<(typeof keys)[number], License[]>();
        await Promise.all(
          [...byFilter.values()].map(async (group) => {
            const { typeCode, status } = group[0]!;
            const rows = await prisma.license.findMany({
              where: { holderId: { in: group.map((k) => k.holderId) }, ...(typeCode ? { typeCode } : {}), ...(status ? { status } : {}) },
              orderBy: [{ issuedOn: 'desc' }, { id: 'asc' }],
            });
            groupBy(
              group.map((k) => k.holderId),
              rows,
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
