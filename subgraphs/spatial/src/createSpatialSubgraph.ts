import type { ContextTrust } from '@civicgraph/policy';
import type { Database } from '@civicgraph/db';
import { PrismaClient } from '@civicgraph/prisma/spatial';
import { createSubgraph, type BaseSubgraph } from '@civicgraph/subgraph-kit';
import { createLoaders, type SpatialLoaders } from './loaders';
import { resolvers } from './resolvers';

export interface SpatialSubgraphDeps {
  /** The spatial database, migrated. */
  db: Database;
  /** The gateway's public keys and this subgraph's binding keys: requests without a context the gateway signed and bound are refused. */
  contextTrust: ContextTrust;
}

export type SpatialSubgraph = BaseSubgraph<PrismaClient, SpatialLoaders>;

export function createSpatialSubgraph({ db, contextTrust }: SpatialSubgraphDeps): SpatialSubgraph {
  return createSubgraph({
    name: 'spatial',
    db,
    contextTrust,
    prisma: new PrismaClient({ adapter: db.adapter }),
    createLoaders: () => createLoaders(db),
    resolvers,
  });
}
