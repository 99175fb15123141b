export {
  grantableFields,
  grantProblems,
  inferenceProblems,
  applicationInferenceProblems,
  constraintProblems,
  adminGrants,
  governanceCoordinates,
  isGovernanceCoordinate,
  neverGranted,
  ADMIN_SCENARIO,
} from './grantRules';
export type { GrantableFields, GrantRequest, ScenarioGrants } from './grantRules';
export { answerDueOn, workingDaysBetween, shanghaiDate, ANSWER_WORKING_DAYS } from './workingDays';
export { evaluate, isOverdue } from './evaluation';
export type { DepartmentEvaluationRow } from './evaluation';
export { nextScenarioVersion } from './scenarioVersion';
export { storedMaskInferences } from './storedMaskInferences';
export type { StoredMaskInference } from './storedMaskInferences';
export { ensureAdminScenario, issueAdminKey } from './adminAccess';
export { ensureDepartments } from './cityDepartments';
