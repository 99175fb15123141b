import DataLoader from 'dataloader';
import type { Person, PrismaClient } from '@civicgraph/prisma/population';
import type { RequestContextClaims } from '@civicgraph/policy';
import { createKeyLoader, groupBy, rowGuard, visibleRows } from '@civicgraph/subgraph-kit';
import { personRule } from './rowRules';

/**
 * Per-request batch loaders: one SQL statement per batch of keys, whatever the list length. A person
 * outside the caller's row constraints loads as a FORBIDDEN error and is left out of lists.
 */
export interface PopulationLoaders {
  personById: DataLoader<string, Person | null>;
  personByIdNumber: DataLoader<string, Person | null>;
  childrenOf: DataLoader<string, Person[]>;
}

export function createLoaders(prisma: PrismaClient, caller: RequestContextClaims): PopulationLoaders {
  const guard = rowGuard(personRule, caller, 'Person');
  return {
    personById: createKeyLoader(
      (ids) => prisma.person.findMany({ where: { id: { in: ids } } }),
      (p) => p.id,
      guard,
    ),
    personByIdNumber: createKeyLoader(
      (numbers) => prisma.person.findMany({ where: { idNumber: { in: numbers } } }),
      (p) => p.idNumber,
      guard,
    ),
    // A child belongs to both its parents' lists, so the generic list loader's one-key grouping does not fit.
    childrenOf: new DataLoader(async (parentIds) => {
      const ids = [...parentIds];
      const rows = await prisma.person.findMany({
        where: { OR: [{ fatherId: { in: ids } }, { motherId: { in: ids } }] },
        orderBy: [{ birthDate: 'asc' }, { id: 'asc' }],
      });
      const pairs = rows.flatMap((row) => [row.fatherId, row.motherId].filter((p): p is string => !!p).map((parent) => ({ parent, row })));
      return groupBy(ids, pairs, (p) => p.parent).map((group) =>
        visibleRows(
          group.map((p) => p.row),
          personRule,
          caller,
        ),
      );
    }),
  };
}
