export { createLegalEntitySubgraph } from './createLegalEntitySubgraph';
export type { LegalEntitySubgraph, LegalEntitySubgraphDeps } from './createLegalEntitySubgraph';
export type { LegalEntityContext } from './context';
// The resolvers and loaders alone, for serving them another way (the benchmark's textbook baseline).
export { resolvers as legalEntityResolvers } from './resolvers';
export { createLoaders as createLegalEntityLoaders } from './loaders';
