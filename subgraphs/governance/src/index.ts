export { createGovernanceSubgraph } from './createGovernanceSubgraph';
export type { GovernanceSubgraph, GovernanceSubgraphDeps } from './createGovernanceSubgraph';
export type { GovernanceContext } from './context';
