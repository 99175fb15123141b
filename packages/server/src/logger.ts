import pino, { type Logger } from 'pino';

export type { Logger };

export interface LoggerOptions {
  /** Service name on every line. */
  name: string;
  /** pino level; `silent` in tests. Default `info`. */
  level?: string;
}

/**
 * Structured JSON logs on stdout (one line per event), the shape log collectors expect: one `service` key
 * per line (a service in a shared process gets a logger of its own, not a child adding a second one).
 */
export function createLogger({ name, level = 'info' }: LoggerOptions): Logger {
  return pino({ level, base: { service: name } });
}
