import type { KeyObject } from 'node:crypto';
import type { Database } from '@civicgraph/db';
import { PrismaClient } from '@civicgraph/prisma/e-license';
import { createSubgraph, type BaseSubgraph } from '@civicgraph/subgraph-kit';
import { createLoaders, type ELicenseLoaders } from './loaders';
import { resolvers } from './resolvers';

export interface ELicenseSubgraphDeps {
  /** The e-license database, migrated. */
  db: Database;
  /** The gateway's public key; requests without a context it signed are refused. */
  /** The gateway's public key; during a key rotation, the new and the old. */
  contextKey: KeyObject | readonly KeyObject[];
}

export type ELicenseSubgraph = BaseSubgraph<PrismaClient, ELicenseLoaders>;

export function createELicenseSubgraph({ db, contextKey }: ELicenseSubgraphDeps): ELicenseSubgraph {
  return createSubgraph({
    name: 'e-license',
    db,
    contextKey,
    prisma: new PrismaClient({ adapter: db.adapter }),
    createLoaders: (caller) => createLoaders(db, caller),
    resolvers,
  });
}
