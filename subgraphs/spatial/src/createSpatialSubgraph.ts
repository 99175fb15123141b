import { PrismaClient } from '@civicgraph/prisma/spatial';
import { createSubgraph, type BaseSubgraph, type SubgraphDeps } from '@civicgraph/subgraph-kit';
import { createLoaders } from './loaders';
import { resolvers } from './resolvers';

export type SpatialSubgraphDeps = SubgraphDeps;

export type SpatialSubgraph = BaseSubgraph<PrismaClient>;

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
