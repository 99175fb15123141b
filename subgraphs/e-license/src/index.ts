export { createELicenseSubgraph } from './createELicenseSubgraph';
export type { ELicenseSubgraph, ELicenseSubgraphDeps } from './createELicenseSubgraph';
export type { ELicenseContext } from './context';
// The resolvers and loaders alone: the benchmark's textbook baseline serves the resolvers over Prisma loaders of
// its own, and a test holds the loaders' rows equal to Prisma's.
export { resolvers as eLicenseResolvers } from './resolvers';
export { createLoaders as createELicenseLoaders } from './loaders';
export type { ELicenseLoaders } from './loaders';
