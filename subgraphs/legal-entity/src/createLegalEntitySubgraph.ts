import { PrismaClient } from '@civicgraph/prisma/legal-entity';
import { createSubgraph, type BaseSubgraph, type SubgraphDeps } from '@civicgraph/subgraph-kit';
import { createLoaders } from './loaders';
import { resolvers } from './resolvers';

export type LegalEntitySubgraphDeps = SubgraphDeps;

export type LegalEntitySubgraph = BaseSubgraph<PrismaClient>;

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
