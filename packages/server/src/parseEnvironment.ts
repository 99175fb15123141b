import { z } from 'zod';

/** pino's levels, as every deployable's LOG_LEVEL accepts them. */
export const logLevelSchema = z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info');

const PORT_EXPECTED = 'expected a port number, 0–65535';
/** A TCP port; 0 picks a free one. */
export const portSchema = z.coerce
  .number({ error: PORT_EXPECTED })
  .int({ error: PORT_EXPECTED })
  .min(0, { error: PORT_EXPECTED })
  .max(65535, { error: PORT_EXPECTED });

/** The interface a service listens on: loopback unless told otherwise. */
export const hostSchema = z.string().min(1).default('127.0.0.1');

/** A `postgres://` or `postgresql://` URL. */
export const postgresUrlSchema = z.url({ protocol: /^postgres(ql)?$/, error: 'expected a postgres:// or postgresql:// URL' });

/** Validates a deployable's environment once at start-up, listing every problem at once. */
export function parseEnvironment<S extends z.ZodType>(schema: S, source: NodeJS.ProcessEnv): z.infer<S> {
  const result = schema.safeParse(source);
  if (!result.success) {
    const lines = result.error.issues.map((issue) => {
      const name = issue.path.join('.');
      return `  ${name}: ${issue.message}; found ${shown(name, source[name])}`;
    });
    throw new Error(`Invalid configuration:\n${lines.join('\n')}`);
  }
  return result.data;
}

/** A configuration value as an error may show it: secrets hidden, a URL's password removed, long values cut. */
function shown(name: string, value: string | undefined): string {
  if (value === undefined) return 'nothing (not set)';
  if (/TOKEN|KEY|SECRET|PASSWORD/.test(name)) return '(hidden)';
  const text = value.replace(/(\/\/[^:/@]*:)[^@/]*@/, '$1***@');
  return JSON.stringify(text.length > 80 ? `${text.slice(0, 80)}…` : text);
}
