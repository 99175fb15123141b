export { createSpatialSubgraph } from './createSpatialSubgraph';
export type { SpatialSubgraph, SpatialSubgraphDeps } from './createSpatialSubgraph';
export type { SpatialContext } from './context';
