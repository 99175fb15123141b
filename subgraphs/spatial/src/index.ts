export { createSpatialSubgraph } from './createSpatialSubgraph';
export type { SpatialSubgraph, SpatialSubgraphDeps } from './createSpatialSubgraph';
export type { SpatialContext } from './context';
// The resolvers and loaders alone, for serving them another way (the benchmark's textbook baseline).
export { resolvers as spatialResolvers } from './resolvers';
export { createLoaders as createSpatialLoaders } from './loaders';
