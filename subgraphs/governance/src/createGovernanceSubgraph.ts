import { grantableFields, type GrantableFields } from './rules';
import { PrismaClient } from '@civicgraph/prisma/governance';
import { apiSchema, catalogItems, readSupergraphSdl } from '@civicgraph/schema';
import { createSubgraph, type BaseSubgraph, type SubgraphDeps } from '@civicgraph/subgraph-kit';
import { createLoaders } from './loaders';
import { createResolvers } from './resolvers';
import { refreshQualityMetrics } from './qualityMetrics';

export interface GovernanceSubgraphDeps extends SubgraphDeps {
  /** What may be granted. Default: the catalog of the committed supergraph. */
  fields?: GrantableFields;
  /** The clock share requests are dated and their deadlines checked by. Default: the system clock; tests set it. */
  now?: () => Date;
}

export type GovernanceSubgraph = BaseSubgraph<PrismaClient>;

/** The admin API: served like any subgraph, so only scenarios granted its fields (admins) reach it. */
export function createGovernanceSubgraph({ db, contextTrust, fields = grantableFields(), now }: GovernanceSubgraphDeps): GovernanceSubgraph {
  const prisma = new PrismaClient({ adapter: db.adapter });
  const subgraph = createSubgraph({
    name: 'governance',
    db,
    contextTrust,
    prisma,
    createLoaders: () => createLoaders(prisma),
    resolvers: createResolvers(fields, new Map(catalogItems().map((item) => [item.coordinate, item])), apiSchema(readSupergraphSdl()), now),
  });
  return { ...subgraph, refreshMetrics: () => refreshQualityMetrics(prisma, now) };
}
