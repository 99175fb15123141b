import { ApolloServer, type ApolloServerOptions, type BaseContext } from '@apollo/server';
import { maskError } from '@civicgraph/errors';
import type { Logger } from './logger';

/**
 * Apollo Server with the settings every CivicGraph service shares: no stack traces, unexpected errors
 * masked to INTERNAL_SERVER_ERROR (the cause goes to the log), no landing page, no signal handlers of its own.
 */
export function createApolloServer<TContext extends BaseContext & { requestId?: string }>(
  options: ApolloServerOptions<TContext>,
  logger: Logger,
): ApolloServer<TContext> {
  return new ApolloServer<TContext>({
    ...options,
    includeStacktraceInErrorResponses: false,
    // Each deployable stops on SIGINT/SIGTERM itself (stopOnSignals), gateway before subgraphs before
    // databases; Apollo's own handlers would stop every server at once, in no order.
    stopOnTerminationSignals: false,
    formatError: (formatted, error) =>
      maskError(formatted, error, {
        onMasked: (cause) => logger.error({ err: (cause as { originalError?: unknown })?.originalError ?? cause }, 'masked an unexpected error'),
      }),
  } as ApolloServerOptions<TContext>);
}
