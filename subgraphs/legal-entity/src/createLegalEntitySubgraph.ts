import type { Database } from '@civicgraph/db';
import { PrismaClient } from '@civicgraph/prisma/legal-entity';
import { createSubgraph, type BaseSubgraph } from '@civicgraph/subgraph-kit';
import { createLoaders, type LegalEntityLoaders } from './loaders';
import { resolvers } from './resolvers';

export interface LegalEntitySubgraphDeps {
  /** The legal-entity database, migrated. */
  db: Database;
}

export type LegalEntitySubgraph = BaseSubgraph<PrismaClient, LegalEntityLoaders>;

export function createLegalEntitySubgraph({ db }: LegalEntitySubgraphDeps): LegalEntitySubgraph {
  return createSubgraph({ name: 'legal-entity', db, prisma: new PrismaClient({ adapter: db.adapter }), createLoaders, resolvers });
}
