export { createPopulationSubgraph } from './createPopulationSubgraph';
export type { PopulationSubgraph, PopulationSubgraphDeps } from './createPopulationSubgraph';
export type { PopulationContext } from './context';
// The resolvers and loaders alone, for serving them another way (the benchmark's textbook baseline).
export { resolvers as populationResolvers } from './resolvers';
export { createLoaders as createPopulationLoaders } from './loaders';
