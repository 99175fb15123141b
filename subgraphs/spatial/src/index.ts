export { createSpatialSubgraph } from './createSpatialSubgraph';
export type { SpatialSubgraph, SpatialSubgraphDeps } from './createSpatialSubgraph';
export type { SpatialContext } from './context';
// The resolvers and loaders alone: the benchmark's textbook baseline serves the resolvers over Prisma loaders of
// its own, and a test holds the loaders' rows equal to Prisma's.
export { resolvers as spatialResolvers } from './resolvers';
export { createLoaders as createSpatialLoaders } from './loaders';
export type { SpatialLoaders } from './loaders';
