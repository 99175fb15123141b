import type { PrismaClient } from '@civicgraph/prisma/governance';
import type { SubgraphContext } from '@civicgraph/subgraph-kit';
import type { GovernanceLoaders } from './loaders';

export type GovernanceContext = SubgraphContext<PrismaClient, GovernanceLoaders>;
