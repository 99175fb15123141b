import type { KeyObject } from 'node:crypto';
import type { Database } from '@civicgraph/db';
import { PrismaClient } from '@civicgraph/prisma/legal-entity';
import { createSubgraph, type BaseSubgraph } from '@civicgraph/subgraph-kit';
import { createLoaders, type LegalEntityLoaders } from './loaders';
import { resolvers } from './resolvers';

export interface LegalEntitySubgraphDeps {
  /** The legal-entity database, migrated. */
  db: Database;
  /** The gateway's public key; requests without a context it signed are refused. */
  /** The gateway's public key; during a key rotation, the new and the old. */
  contextKey: KeyObject | readonly KeyObject[];
}

export type LegalEntitySubgraph = BaseSubgraph<PrismaClient, LegalEntityLoaders>;

export function createLegalEntitySubgraph({ db, contextKey }: LegalEntitySubgraphDeps): LegalEntitySubgraph {
  return createSubgraph({
    name: 'legal-entity',
    db,
    contextKey,
    prisma: new PrismaClient({ adapter: db.adapter }),
    createLoaders: (caller) => createLoaders(db, caller),
    resolvers,
  });
}
