import type { Database } from '@civicgraph/db';
import { PrismaClient } from '@civicgraph/prisma/e-license';
import { createSubgraph, type BaseSubgraph } from '@civicgraph/subgraph-kit';
import { createLoaders, type ELicenseLoaders } from './loaders';
import { resolvers } from './resolvers';

export interface ELicenseSubgraphDeps {
  /** The e-license database, migrated. */
  db: Database;
}

export type ELicenseSubgraph = BaseSubgraph<PrismaClient, ELicenseLoaders>;

export function createELicenseSubgraph({ db }: ELicenseSubgraphDeps): ELicenseSubgraph {
  return createSubgraph({ name: 'e-license', db, prisma: new PrismaClient({ adapter: db.adapter }), createLoaders, resolvers });
}
