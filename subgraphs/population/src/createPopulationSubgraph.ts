import { PrismaClient } from '@civicgraph/prisma/population';
import { createSubgraph, type BaseSubgraph, type SubgraphDeps } from '@civicgraph/subgraph-kit';
import { createLoaders } from './loaders';
import { resolvers } from './resolvers';

export type PopulationSubgraphDeps = SubgraphDeps;

export type PopulationSubgraph = BaseSubgraph<PrismaClient>;

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
