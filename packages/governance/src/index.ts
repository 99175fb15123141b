export { issueApiKey, hashApiKey } from './apiKeys';
export type { IssuedApiKey } from './apiKeys';
export { createScenarioDirectory, isGrantCurrent, DEFAULT_DIRECTORY_CACHE_MS } from './scenarioDirectory';
export type { ScenarioDirectory, ScenarioDirectoryOptions, ScenarioSnapshot, ScenarioGrant, Caller } from './scenarioDirectory';
export { createScenarios, ensureDepartments, DEMO_SCENARIOS } from './demoGovernance';
export { ensureAdminScenario, issueAdminKey } from './adminAccess';
export type { ScenarioDefinition, ScenarioCredentials } from './demoGovernance';
export { grantableFields, grantProblems, constraintProblems, adminGrants, ADMIN_SCENARIO } from './grantRules';
export type { GrantableFields, GrantRequest } from './grantRules';
