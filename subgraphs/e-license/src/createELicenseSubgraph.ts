import type { ContextTrust } from '@civicgraph/policy';
import type { Database } from '@civicgraph/db';
import { PrismaClient } from '@civicgraph/prisma/e-license';
import { createSubgraph, type BaseSubgraph } from '@civicgraph/subgraph-kit';
import { createLoaders, type ELicenseLoaders } from './loaders';
import { resolvers } from './resolvers';

export interface ELicenseSubgraphDeps {
  /** The e-license database, migrated. */
  db: Database;
  /** The gateway's public keys and this subgraph's binding keys: requests without a context the gateway signed and bound are refused. */
  contextTrust: ContextTrust;
}

export type ELicenseSubgraph = BaseSubgraph<PrismaClient, ELicenseLoaders>;

export function createELicenseSubgraph({ db, contextTrust }: ELicenseSubgraphDeps): ELicenseSubgraph {
  return createSubgraph({
    name: 'e-license',
    db,
    contextTrust,
    prisma: new PrismaClient({ adapter: db.adapter }),
    createLoaders: (caller) => createLoaders(db, caller),
    resolvers,
  });
}
