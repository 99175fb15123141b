import DataLoader from 'dataloader';
import { groupBy } from '@civicgraph/subgraph-kit';
import type { Person, PrismaClient } from '@civicgraph/prisma/population';

/** Per-request batch loaders: one SQL statement per batch of keys, whatever the list length. */
export interface PopulationLoaders {
  personById: DataLoader<string, Person | null>;
  personByIdNumber: DataLoader<string, Person | null>;
  childrenOf: DataLoader<string, Person[]>;
}

export function createLoaders(prisma: PrismaClient): PopulationLoaders {
  return {
    personById: new DataLoader(async (ids) => {
      const rows = await prisma.person.findMany({ where: { id: { in: [...ids] } } });
      const byId = new Map(rows.map((row) => [row.id, row]));
      return ids.map((id) => byId.get(id) ?? null);
    }),
    personByIdNumber: new DataLoader(async (numbers) => {
      const rows = await prisma.person.findMany({ where: { idNumber: { in: [...numbers] } } });
      const byNumber = new Map(rows.map((row) => [row.idNumber, row]));
      return numbers.map((n) => byNumber.get(n) ?? null);
    }),
    childrenOf: new DataLoader(async (parentIds) => {
      const ids = [...parentIds];
      const rows = await prisma.person.findMany({
        where: { OR: [{ fatherId: { in: ids } }, { motherId: { in: ids } }] },
        orderBy: [{ birthDate: 'asc' }, { id: 'asc' }],
      });
      // A child belongs to both its parents' groups.
      const pairs = rows.flatMap((row) => [row.fatherId, row.motherId].filter((p): p is string => !!p).map((parent) => ({ parent, row })));
      return groupBy(ids, pairs, (p) => p.parent).map((group) => group.map((p) => p.row));
    }),
  };
}
