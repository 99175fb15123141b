export { startTestCivicGraph, DEFAULT_TEST_CITY } from './startTestCivicGraph';
export type { TestCivicGraph, TestCivicGraphOptions, GraphQLResponse } from './startTestCivicGraph';
export { cityTemplate, openSeededCity, openPostgresCity, createPostgresDatabases, createAllFieldsScenario, ALL_FIELDS_SCENARIO } from './cityTemplate';
export type { CityTemplate, CityTemplateOptions, SeededCity } from './cityTemplate';
export { eventually } from './eventually';
