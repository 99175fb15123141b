import type { PrismaClient } from '@civicgraph/prisma/legal-entity';
import type { SubgraphContext } from '@civicgraph/subgraph-kit';
import type { LegalEntityLoaders } from './loaders';

export type LegalEntityContext = SubgraphContext<PrismaClient, LegalEntityLoaders>;
