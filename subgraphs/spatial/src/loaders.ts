import type DataLoader from 'dataloader';
import type { Address, Division, PrismaClient } from '@civicgraph/prisma/spatial';
import { createKeyLoader, createListLoader } from '@civicgraph/subgraph-kit';

/** Per-request batch loaders: one SQL statement per batch of keys. */
export interface SpatialLoaders {
  divisionByCode: DataLoader<string, Division | null>;
  childrenOf: DataLoader<string, Division[]>;
  addressById: DataLoader<string, Address | null>;
}

export function createLoaders(prisma: PrismaClient): SpatialLoaders {
  // Geography is reference data: no row constraint applies to districts, townships and addresses.
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
