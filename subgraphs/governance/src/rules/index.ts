export {
  grantableFields,
  grantProblems,
  inferenceProblems,
  applicationInferenceProblems,
  constraintProblems,
  adminGrants,
  consoleGrants,
  governanceCoordinates,
  isGovernanceCoordinate,
  neverGranted,
  ADMIN_SCENARIO,
} from './grantRules';
export type { GrantableFields, GrantRequest, ScenarioGrants } from './grantRules';
export {
  answerDueOn,
  workingDaysBetween,
  isPastDue,
  shanghaiDate,
  ANSWER_WORKING_DAYS,
  qualityFixDueOn,
  QUALITY_FIX_WORKING_DAYS,
  objectionDueOn,
  OBJECTION_ANSWER_WORKING_DAYS,
} from './workingDays';
export { recordQualityRun, requestQualityRun, newestFinishedRun, isQualityIssueOverdue, OPEN_QUALITY_STATES, MAX_FAILING_KEYS } from './qualityIssues';
export { evaluate, isOverdue, meanWorkingDays } from './evaluation';
export type { DepartmentEvaluationRow } from './evaluation';
export { nextScenarioVersion } from './scenarioVersion';
export { storedMaskInferences } from './storedMaskInferences';
export type { StoredMaskInference } from './storedMaskInferences';
export { ensureAdminScenario, issueAdminKey } from './adminAccess';
export { ensureDepartments } from './cityDepartments';
export { issueQualitySupervisorKey, QUALITY_SUPERVISION_SCENARIO, QUALITY_SUPERVISOR_APPLICATION } from './qualitySupervision';
export { ensureOpenAccess, openGrants, OPEN_TRAFFIC } from './openAccess';
export { claimTokenMatches, conditionalApplicationProblems, conditionalGrants, newClaimToken, OUTSIDE_ORGANISATIONS } from './conditionalOpening';
export { ensureConsoleAccess, ensureConsoleApplication, consoleDepartment } from './consoleAccess';
export { scenarioHistory } from './scenarioHistory';
export type { RevisionChanges } from './scenarioHistory';
