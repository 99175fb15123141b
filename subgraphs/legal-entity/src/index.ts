export { createLegalEntitySubgraph } from './createLegalEntitySubgraph';
export type { LegalEntitySubgraph, LegalEntitySubgraphDeps } from './createLegalEntitySubgraph';
export type { LegalEntityContext } from './context';
// The resolvers and loaders alone: the benchmark's textbook baseline serves the resolvers over Prisma loaders of
// its own, and a test holds the loaders' rows equal to Prisma's.
export { resolvers as legalEntityResolvers } from './resolvers';
export { createLoaders as createLegalEntityLoaders } from './loaders';
export type { LegalEntityLoaders } from './loaders';
