import type { PrismaClient } from '@civicgraph/prisma/e-license';
import type { SubgraphContext } from '@civicgraph/subgraph-kit';
import type { ELicenseLoaders } from './loaders';

export type ELicenseContext = SubgraphContext<PrismaClient, ELicenseLoaders>;
