import type { ContextTrust } from '@civicgraph/policy';
import type { Database } from '@civicgraph/db';
import { PrismaClient } from '@civicgraph/prisma/legal-entity';
import { createSubgraph, type BaseSubgraph } from '@civicgraph/subgraph-kit';
import { createLoaders, type LegalEntityLoaders } from './loaders';
import { resolvers } from './resolvers';

export interface LegalEntitySubgraphDeps {
  /** The legal-entity database, migrated. */
  db: Database;
  /** The gateway's public keys and this subgraph's binding keys: requests without a context the gateway signed and bound are refused. */
  contextTrust: ContextTrust;
}

export type LegalEntitySubgraph = BaseSubgraph<PrismaClient, LegalEntityLoaders>;

export function createLegalEntitySubgraph({ db, contextTrust }: LegalEntitySubgraphDeps): LegalEntitySubgraph {
  return createSubgraph({
    name: 'legal-entity',
    db,
    contextTrust,
    prisma: new PrismaClient({ adapter: db.adapter }),
    createLoaders: (caller) => createLoaders(db, caller),
    resolvers,
  });
}
