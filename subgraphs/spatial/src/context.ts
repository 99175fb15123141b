import type { PrismaClient } from '@civicgraph/prisma/spatial';
import type { SubgraphContext } from '@civicgraph/subgraph-kit';
import type { SpatialLoaders } from './loaders';

export type SpatialContext = SubgraphContext<PrismaClient, SpatialLoaders>;
