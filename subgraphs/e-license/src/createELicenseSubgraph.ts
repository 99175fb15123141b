import { PrismaClient } from '@civicgraph/prisma/e-license';
import { createSubgraph, type BaseSubgraph, type SubgraphDeps } from '@civicgraph/subgraph-kit';
import { createLoaders } from './loaders';
import { resolvers } from './resolvers';

export type ELicenseSubgraphDeps = SubgraphDeps;

export type ELicenseSubgraph = BaseSubgraph<PrismaClient>;

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
