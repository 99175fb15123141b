import DataLoader from 'dataloader';
import { groupBy } from '@civicgraph/subgraph-kit';
import type { LegalEntity, PrismaClient } from '@civicgraph/prisma/legal-entity';

/** Per-request batch loaders: one SQL statement per batch of keys. */
export interface LegalEntityLoaders {
  entityById: DataLoader<string, LegalEntity | null>;
  entityByUscc: DataLoader<string, LegalEntity | null>;
  entitiesByRepresentative: DataLoader<string, LegalEntity[]>;
}

export function createLoaders(prisma: PrismaClient): LegalEntityLoaders {
  return {
    entityById: new DataLoader(async (ids) => {
      const rows = await prisma.legalEntity.findMany({ where: { id: { in: [...ids] } } });
      const byId = new Map(rows.map((row) => [row.id, row]));
      return ids.map((id) => byId.get(id) ?? null);
    }),
    entityByUscc: new DataLoader(async (codes) => {
      const rows = await prisma.legalEntity.findMany({ where: { uscc: { in: [...codes] } } });
      const byCode = new Map(rows.map((row) => [row.uscc, row]));
      return codes.map((code) => byCode.get(code) ?? null);
    }),
    entitiesByRepresentative: new DataLoader(async (personIds) => {
      const rows = await prisma.legalEntity.findMany({
        where: { representativeId: { in: [...personIds] } },
        orderBy: [{ establishedOn: 'asc' }, { id: 'asc' }],
      });
      return groupBy(personIds, rows, (row) => row.representativeId);
    }),
  };
}
