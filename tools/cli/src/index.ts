export { readEnv } from './cliEnvironment';
export type { Env } from './cliEnvironment';
export { EXAMPLE_QUERY, exampleIdNumber } from './commands/start';
export { operationsRegisterCommand } from './commands/operationsRegister';
export { grantsUnusedCommand } from './commands/grantsUnused';
