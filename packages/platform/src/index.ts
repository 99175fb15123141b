export { openCityDatabases, migrateCity, closeCityDatabases } from './cityDatabases';
export type { CityDatabaseOptions } from './cityDatabases';
export { loadOrCreateSigningKey } from './signingKey';
export { startCivicGraph, createSubgraphs } from './startCivicGraph';
export type { StartCivicGraphOptions, RunningCivicGraph } from './startCivicGraph';
