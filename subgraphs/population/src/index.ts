export { createPopulationSubgraph } from './createPopulationSubgraph';
export type { PopulationSubgraph, PopulationSubgraphDeps } from './createPopulationSubgraph';
export type { PopulationContext } from './context';
