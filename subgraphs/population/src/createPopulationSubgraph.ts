import type { ContextTrust } from '@civicgraph/policy';
import type { Database } from '@civicgraph/db';
import { PrismaClient } from '@civicgraph/prisma/population';
import { createSubgraph, type BaseSubgraph } from '@civicgraph/subgraph-kit';
import { createLoaders, type PopulationLoaders } from './loaders';
import { resolvers } from './resolvers';

export interface PopulationSubgraphDeps {
  /** The population database, migrated. */
  db: Database;
  /** The gateway's public keys and this subgraph's binding keys: requests without a context the gateway signed and bound are refused. */
  contextTrust: ContextTrust;
}

export type PopulationSubgraph = BaseSubgraph<PrismaClient, PopulationLoaders>;

export function createPopulationSubgraph({ db, contextTrust }: PopulationSubgraphDeps): PopulationSubgraph {
  return createSubgraph({
    name: 'population',
    db,
    contextTrust,
    prisma: new PrismaClient({ adapter: db.adapter }),
    createLoaders: (caller) => createLoaders(db, caller),
    resolvers,
  });
}
