import { z } from 'zod';

/** pino's levels, as every deployable's LOG_LEVEL accepts them. */
export const logLevelSchema = z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info');

/** A TCP port; 0 picks a free one. */
export const portSchema = z.coerce.number().int().min(0).max(65535);

/** The interface a service listens on: loopback unless told otherwise. */
export const hostSchema = z.string().min(1).default('127.0.0.1');

/** A `postgres://` or `postgresql://` URL. */
export const postgresUrlSchema = z.url({ protocol: /^postgres(ql)?$/ });

/** Validates a deployable's environment once at start-up, listing every problem at once. */
export function parseEnvironment<S extends z.ZodType>(schema: S, source: NodeJS.ProcessEnv): z.infer<S> {
  const result = schema.safeParse(source);
  if (!result.success) {
    throw new Error(`Invalid configuration:\n${result.error.issues.map((issue) => `  ${issue.path.join('.')}: ${issue.message}`).join('\n')}`);
  }
  return result.data;
}
