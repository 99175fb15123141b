export { openCityDatabases, migrateCity, migrateCityOneByOne, closeCityDatabases } from './cityDatabases';
export type { CityDatabaseOptions, PlatformDatabases } from './cityDatabases';
export {
  loadOrCreateSigningKey,
  loadOrCreateContextKey,
  createContextKeyFiles,
  loadOrCreateIdentityProviderKey,
  loadOrCreateMetricsToken,
  loadOrCreateWebhookSigningKeys,
  addWebhookSigningKey,
} from './signingKey';
export { startCivicGraph, startGateway, createSubgraph, createSubgraphs } from './startCivicGraph';
export type { StartCivicGraphOptions, StartGatewayOptions, RunningCivicGraph, ConsoleSettings, FeedSettings, FeedControl } from './startCivicGraph';
export { verifyAuditTrail } from './verifyAuditTrail';
export type { AuditAnchor, AuditChainReport } from './verifyAuditTrail';
export { seedCity, isSeeded } from './demo/seedCity';
export type { CityDatabases, SeedOptions, SeedSummary } from './demo/seedCity';
export { generateCity, LICENSE_TYPES } from './demo/generateCity';
export type { GenerateCityOptions } from './demo/generateCity';
export type { CityBatch, PersonRow, LegalEntityRow, AddressRow, LicenseRow } from './demo/rows';
export { createScenarios, CHANGE_FEED_API, DEMO_SCENARIOS, DATA_STEWARD_GRANTS, OBJECTION_FIELDS } from './demo/demoScenarios';
export type { ScenarioDefinition, ScenarioCredentials } from './demo/demoScenarios';
export { createDemoStaff } from './demo/demoStaff';
export type { DemoStaffMember } from './demo/demoStaff';
export { demoKey, readDemoCredentials, writeDemoCredentials, demoCredentialsFile } from './demo/demoCredentials';
export type { DemoCredentials } from './demo/demoCredentials';
export { startTestCivicGraph, DEFAULT_TEST_CITY } from './testing/startTestCivicGraph';
export type { TestCivicGraph, TestCivicGraphOptions, GraphQLResponse } from './testing/startTestCivicGraph';
export { cityTemplate, openSeededCity, openPostgresCity, createPostgresDatabases, createAllFieldsScenario, ALL_FIELDS_SCENARIO } from './testing/cityTemplate';
export type { CityTemplate, CityTemplateOptions, SeededCity } from './testing/cityTemplate';
export { eventually } from './testing/eventually';
export { CITIZEN_PROFILE_OPERATION } from './demo/citizenProfile';
export { injectDefects, DEFECT_CLASSES } from './demo/defects';
export type { DefectClass, DefectRates, InjectedDefect } from './demo/defects';
export { startQualitySupervisor, DEFAULT_QUALITY_SCHEDULE } from './qualitySupervisor';
export type { QualitySupervisorOptions } from './qualitySupervisor';
export { makeCityChanges, parseCityChangeCounts, CITY_CHANGE_KINDS } from './demo/cityChanges';
export type { CityChange, CityChangeCounts } from './demo/cityChanges';
