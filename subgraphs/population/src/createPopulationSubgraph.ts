import type { KeyObject } from 'node:crypto';
import type { Database } from '@civicgraph/db';
import { PrismaClient } from '@civicgraph/prisma/population';
import { createSubgraph, type BaseSubgraph } from '@civicgraph/subgraph-kit';
import { createLoaders, type PopulationLoaders } from './loaders';
import { resolvers } from './resolvers';

export interface PopulationSubgraphDeps {
  /** The population database, migrated. */
  db: Database;
  /** The gateway's public key; requests without a context it signed are refused. */
  /** The gateway's public key; during a key rotation, the new and the old. */
  contextKey: KeyObject | readonly KeyObject[];
}

export type PopulationSubgraph = BaseSubgraph<PrismaClient, PopulationLoaders>;

export function createPopulationSubgraph({ db, contextKey }: PopulationSubgraphDeps): PopulationSubgraph {
  return createSubgraph({
    name: 'population',
    db,
    contextKey,
    prisma: new PrismaClient({ adapter: db.adapter }),
    createLoaders: (caller) => createLoaders(db, caller),
    resolvers,
  });
}
