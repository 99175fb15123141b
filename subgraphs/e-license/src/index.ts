export { createELicenseSubgraph } from './createELicenseSubgraph';
export type { ELicenseSubgraph, ELicenseSubgraphDeps } from './createELicenseSubgraph';
export type { ELicenseContext } from './context';
