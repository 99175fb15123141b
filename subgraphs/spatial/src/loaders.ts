import DataLoader from 'dataloader';
import { groupBy } from '@civicgraph/subgraph-kit';
import type { Address, Division, PrismaClient } from '@civicgraph/prisma/spatial';

/** Per-request batch loaders: one SQL statement per batch of keys. */
export interface SpatialLoaders {
  divisionByCode: DataLoader<string, Division | null>;
  childrenOf: DataLoader<string, Division[]>;
  addressById: DataLoader<string, Address | null>;
}

export function createLoaders(prisma: PrismaClient): SpatialLoaders {
  return {
    divisionByCode: new DataLoader(async (codes) => {
      const rows = await prisma.division.findMany({ where: { code: { in: [...codes] } } });
      const byCode = new Map(rows.map((row) => [row.code, row]));
      return codes.map((code) => byCode.get(code) ?? null);
    }),
    childrenOf: new DataLoader(async (codes) => {
      const rows = await prisma.division.findMany({ where: { parentCode: { in: [...codes] } }, orderBy: { code: 'asc' } });
      return groupBy(codes, rows, (row) => row.parentCode!);
    }),
    addressById: new DataLoader(async (ids) => {
      const rows = await prisma.address.findMany({ where: { id: { in: [...ids] } } });
      const byId = new Map(rows.map((row) => [row.id, row]));
      return ids.map((id) => byId.get(id) ?? null);
    }),
  };
}
