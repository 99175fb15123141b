export { startTestCivicGraph } from './startTestCivicGraph';
export type { TestCivicGraph, TestCivicGraphOptions, GraphQLResponse } from './startTestCivicGraph';
export { openSeededCity } from './cityTemplate';
export type { CityTemplateOptions } from './cityTemplate';
