import type DataLoader from 'dataloader';
import type { LegalEntity, PrismaClient } from '@civicgraph/prisma/legal-entity';
import { createKeyLoader, createListLoader } from '@civicgraph/subgraph-kit';

/** Per-request batch loaders: one SQL statement per batch of keys. */
export interface LegalEntityLoaders {
  entityById: DataLoader<string, LegalEntity | null>;
  entityByUscc: DataLoader<string, LegalEntity | null>;
  entitiesByRepresentative: DataLoader<string, LegalEntity[]>;
}

export function createLoaders(prisma: PrismaClient): LegalEntityLoaders {
  return {
    entityById: createKeyLoader((ids) => prisma.legalEntity.findMany({ where: { id: { in: ids } } }), (e) => e.id),
    entityByUscc: createKeyLoader((codes) => prisma.legalEntity.findMany({ where: { uscc: { in: codes } } }), (e) => e.uscc),
    entitiesByRepresentative: createListLoader(
      (personIds) => prisma.legalEntity.findMany({ where: { representativeId: { in: personIds } }, orderBy: [{ establishedOn: 'asc' }, { id: 'asc' }] }),
      (e) => e.representativeId,
    ),
  };
}
