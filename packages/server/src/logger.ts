import pino, { type Logger } from 'pino';

export type { Logger };

export interface LoggerOptions {
  /** Service name on every line. */
  name: string;
  /** pino level; `silent` in tests. Default `info`. */
  level?: string;
}

/** Structured JSON logs on stdout (one line per event), the shape log collectors expect. */
export function createLogger({ name, level = 'info' }: LoggerOptions): Logger {
  return pino({ name, level, base: { service: name } });
}
