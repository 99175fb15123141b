export { issueApiKey, hashApiKey } from './apiKeys';
export type { IssuedApiKey } from './apiKeys';
export { createScenarioDirectory, isGrantCurrent } from './scenarioDirectory';
export type { ScenarioDirectory, ScenarioDirectoryOptions, ScenarioSnapshot, ScenarioGrant, Caller } from './scenarioDirectory';
export { createScenarios, DEMO_SCENARIOS } from './demoGovernance';
export type { ScenarioDefinition, ScenarioCredentials } from './demoGovernance';
