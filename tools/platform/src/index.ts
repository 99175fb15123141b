export { openCityDatabases, migrateCity, closeCityDatabases } from './cityDatabases';
export type { CityDatabaseOptions, PlatformDatabases } from './cityDatabases';
export { loadOrCreateSigningKey, loadOrCreateContextKey, loadOrCreateIdentityProviderKey, loadOrCreateMetricsToken } from './signingKey';
export { startCivicGraph, startGateway, createSubgraph, createSubgraphs } from './startCivicGraph';
export type { StartCivicGraphOptions, StartGatewayOptions, RunningCivicGraph } from './startCivicGraph';
export { verifyAuditTrail } from './verifyAuditTrail';
export type { AuditChainReport } from './verifyAuditTrail';
