export { createPopulationSubgraph } from './createPopulationSubgraph';
export type { PopulationSubgraph, PopulationSubgraphDeps } from './createPopulationSubgraph';
export type { PopulationContext } from './context';
// The resolvers and loaders alone: the benchmark's textbook baseline serves the resolvers over Prisma loaders of
// its own, and a test holds the loaders' rows equal to Prisma's.
export { resolvers as populationResolvers } from './resolvers';
export { createLoaders as createPopulationLoaders } from './loaders';
export type { PopulationLoaders } from './loaders';
// The resident statistics' dimensions, for the disclosure-control attack suite.
export { residentDimensions } from './residentStatistics';
