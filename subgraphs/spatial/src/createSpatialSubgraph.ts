import type { KeyObject } from 'node:crypto';
import type { Database } from '@civicgraph/db';
import type { GrantEnforcement } from '@civicgraph/policy';
import { PrismaClient } from '@civicgraph/prisma/spatial';
import { createSubgraph, type AuditMode, type BaseSubgraph } from '@civicgraph/subgraph-kit';
import { createLoaders, type SpatialLoaders } from './loaders';
import { resolvers } from './resolvers';

export interface SpatialSubgraphDeps {
  /** The spatial database, migrated. */
  db: Database;
  /** The gateway's public key; requests without a context it signed are refused. */
  contextKey: KeyObject;
  /** Default `enforced`; see GrantEnforcement. */
  enforcement?: GrantEnforcement;
  /** Default `on`: every disclosure logged before release. */
  audit?: AuditMode;
}

export type SpatialSubgraph = BaseSubgraph<PrismaClient, SpatialLoaders>;

export function createSpatialSubgraph({ db, contextKey, enforcement, audit }: SpatialSubgraphDeps): SpatialSubgraph {
  return createSubgraph({ name: 'spatial', db, contextKey, prisma: new PrismaClient({ adapter: db.adapter }), createLoaders, resolvers, enforcement, audit });
}
