export { createGovernanceSubgraph } from './createGovernanceSubgraph';
export type { GovernanceSubgraph, GovernanceSubgraphDeps } from './createGovernanceSubgraph';
export type { GovernanceContext } from './context';
export {
  ensureAdminScenario,
  issueAdminKey,
  ensureDepartments,
  storedMaskInferences,
  inferenceProblems,
  grantableFields,
  grantProblems,
  adminGrants,
  recordQualityRun,
  requestQualityRun,
  issueQualitySupervisorKey,
  QUALITY_SUPERVISION_SCENARIO,
  ensureConsoleAccess,
  ensureConsoleApplication,
  ensureOpenAccess,
  consoleDepartment,
  consoleGrants,
} from './rules';
export type { StoredMaskInference, GrantRequest } from './rules';
export { checkOperations, documentId } from './resolvers/operations';
export type { CheckedOperation } from './resolvers/operations';
