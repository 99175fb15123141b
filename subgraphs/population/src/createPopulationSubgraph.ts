import type { Database } from '@civicgraph/db';
import { PrismaClient } from '@civicgraph/prisma/population';
import { createSubgraph, type BaseSubgraph } from '@civicgraph/subgraph-kit';
import { createLoaders, type PopulationLoaders } from './loaders';
import { resolvers } from './resolvers';

export interface PopulationSubgraphDeps {
  /** The population database, migrated. */
  db: Database;
}

export type PopulationSubgraph = BaseSubgraph<PrismaClient, PopulationLoaders>;

export function createPopulationSubgraph({ db }: PopulationSubgraphDeps): PopulationSubgraph {
  return createSubgraph({ name: 'population', db, prisma: new PrismaClient({ adapter: db.adapter }), createLoaders, resolvers });
}
