export { issueApiKey, hashApiKey } from './apiKeys';
export type { IssuedApiKey } from './apiKeys';
export { createScenarioDirectory, isGrantCurrent, isGrantInForce, DEFAULT_DIRECTORY_CACHE_MS } from './scenarioDirectory';
export type { ScenarioDirectory, ScenarioDirectoryOptions, ScenarioSnapshot, ScenarioGrant, Caller } from './scenarioDirectory';
export { createScenarios, ensureDepartments, DEMO_SCENARIOS } from './demoGovernance';
export { ensureAdminScenario, issueAdminKey } from './adminAccess';
export type { ScenarioDefinition, ScenarioCredentials } from './demoGovernance';
export {
  grantableFields,
  grantProblems,
  inferenceProblems,
  applicationInferenceProblems,
  constraintProblems,
  adminGrants,
  governanceCoordinates,
  isGovernanceCoordinate,
  ADMIN_SCENARIO,
} from './grantRules';
export type { GrantableFields, GrantRequest, ScenarioGrants } from './grantRules';
export { answerDueOn, workingDaysBetween, shanghaiDate, ANSWER_WORKING_DAYS } from './workingDays';
export { evaluate, isOverdue } from './evaluation';
export type { DepartmentEvaluationRow } from './evaluation';
export { nextScenarioVersion } from './scenarioVersion';
export { tableCatalog, uncataloguedExposures } from './tableCatalog';
export type { CatalogColumn, CatalogTable } from './tableCatalog';
export { storedMaskInferences } from './storedMaskInferences';
export type { StoredMaskInference } from './storedMaskInferences';
