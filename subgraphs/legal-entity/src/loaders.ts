import type { LegalEntity, PrismaClient } from '@civicgraph/prisma/legal-entity';
import type { RequestContextClaims } from '@civicgraph/policy';
import { createKeyLoader, groupBy, rowGuard, visibleRows } from '@civicgraph/subgraph-kit';
import DataLoader from 'dataloader';
import { entityRule } from './rowRules';

/** Per-request batch loaders: one SQL statement per batch of keys; the caller's row constraints applied. */
export interface LegalEntityLoaders {
  entityById: DataLoader<string, LegalEntity | null>;
  entityByUscc: DataLoader<string, LegalEntity | null>;
  entitiesByRepresentative: DataLoader<string, LegalEntity[]>;
}

export function createLoaders(prisma: PrismaClient, caller: RequestContextClaims): LegalEntityLoaders {
  const guard = rowGuard(entityRule, caller, 'LegalEntity');
  return {
    entityById: createKeyLoader(
      (ids) => prisma.legalEntity.findMany({ where: { id: { in: ids } } }),
      (e) => e.id,
      guard,
    ),
    entityByUscc: createKeyLoader(
      (codes) => prisma.legalEntity.findMany({ where: { uscc: { in: codes } } }),
      (e) => e.uscc,
      guard,
    ),
    entitiesByRepresentative: new DataLoader(async (personIds) => {
      const rows = await prisma.legalEntity.findMany({
        where: { representativeId: { in: [...personIds] } },
        orderBy: [{ establishedOn: 'asc' }, { id: 'asc' }],
      });
      return groupBy(personIds, visibleRows(rows, entityRule, caller), (e) => e.representativeId);
    }),
  };
}
