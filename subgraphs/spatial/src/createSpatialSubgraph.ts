import type { KeyObject } from 'node:crypto';
import type { Database } from '@civicgraph/db';
import { PrismaClient } from '@civicgraph/prisma/spatial';
import { createSubgraph, type BaseSubgraph } from '@civicgraph/subgraph-kit';
import { createLoaders, type SpatialLoaders } from './loaders';
import { resolvers } from './resolvers';

export interface SpatialSubgraphDeps {
  /** The spatial database, migrated. */
  db: Database;
  /** The gateway's public key; requests without a context it signed are refused. */
  /** The gateway's public key; during a key rotation, the new and the old. */
  contextKey: KeyObject | readonly KeyObject[];
}

export type SpatialSubgraph = BaseSubgraph<PrismaClient, SpatialLoaders>;

export function createSpatialSubgraph({ db, contextKey }: SpatialSubgraphDeps): SpatialSubgraph {
  return createSubgraph({
    name: 'spatial',
    db,
    contextKey,
    prisma: new PrismaClient({ adapter: db.adapter }),
    createLoaders: () => createLoaders(db),
    resolvers,
  });
}
