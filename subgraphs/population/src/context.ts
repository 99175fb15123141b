import type { PrismaClient } from '@civicgraph/prisma/population';
import type { SubgraphContext } from '@civicgraph/subgraph-kit';
import type { PopulationLoaders } from './loaders';

export type PopulationContext = SubgraphContext<PrismaClient, PopulationLoaders>;
