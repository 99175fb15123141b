export { readEnv } from './cliEnvironment';
export type { Env } from './cliEnvironment';
export { EXAMPLE_QUERY, exampleIdNumber } from './commands/start';
export { operationsRegisterCommand } from './commands/operationsRegister';
export { grantsUnusedCommand } from './commands/grantsUnused';
export { demandFromDatabase, demandThroughAdminApi } from './commands/catalogExport';
export type { DemandItem } from './commands/catalogExport';
export { qualityRunCommand, qualityReportCommand, qualityIssuesCommand } from './commands/quality';
