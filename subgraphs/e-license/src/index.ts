export { createELicenseSubgraph } from './createELicenseSubgraph';
export type { ELicenseSubgraph, ELicenseSubgraphDeps } from './createELicenseSubgraph';
export type { ELicenseContext } from './context';
// The resolvers and loaders alone, for serving them another way (the benchmark's textbook baseline).
export { resolvers as eLicenseResolvers } from './resolvers';
export { createLoaders as createELicenseLoaders } from './loaders';
