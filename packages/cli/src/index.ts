export { readEnv } from './env';
export type { Env } from './env';
export { EXAMPLE_QUERY } from './commands/start';
