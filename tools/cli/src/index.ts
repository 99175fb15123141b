export { readEnv } from './env';
export type { Env } from './env';
export { EXAMPLE_QUERY, exampleIdNumber } from './commands/start';
