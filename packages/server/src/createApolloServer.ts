import { ApolloServer, type ApolloServerOptions, type ApolloServerPlugin, type BaseContext } from '@apollo/server';
import { maskError, ownerUnavailable } from '@civicgraph/errors';
import type { GraphQLFormattedError } from 'graphql';
import type { Logger } from './logger';

/**
 * Request errors Apollo Server answers with another status than the client's mistake deserves: an unknown
 * persisted-query hash comes back 200 (Apollo's protocol), an unknown operation name 500.
 */
const CLIENT_ERROR_STATUS: Readonly<Record<string, number>> = { PERSISTED_QUERY_NOT_FOUND: 400, OPERATION_RESOLUTION_FAILURE: 400 };

const clientErrorStatus: ApolloServerPlugin<BaseContext> = {
  async requestDidStart() {
    return {
      async willSendResponse({ response }) {
        if (response.body.kind !== 'single' || response.body.singleResult.data !== undefined) return;
        const code = response.body.singleResult.errors?.[0]?.extensions?.code;
        const status = typeof code === 'string' ? CLIENT_ERROR_STATUS[code] : undefined;
        if (status) response.http.status = status;
      },
    };
  },
};

/**
 * Apollo Server with the settings every CivicGraph service shares: no stack traces or field suggestions, unexpected errors
 * masked to INTERNAL_SERVER_ERROR (the cause goes to the log), no landing page, no signal handlers of its own.
 */
export function createApolloServer<TContext extends BaseContext & { requestId?: string }>(
  options: ApolloServerOptions<TContext>,
  logger: Logger,
  /** A data owner's server: errors its database's unavailability causes reach the client as OWNER_UNAVAILABLE naming it. */
  owner?: { name: string; isUnavailable: (error: unknown) => boolean },
): ApolloServer<TContext> {
  return new ApolloServer<TContext>({
    ...options,
    includeStacktraceInErrorResponses: false,
    // No "Did you mean …?" in validation errors: a suggestion could name a field the caller's scenario
    // may not see.
    hideSchemaDetailsFromClientErrors: true,
    // Each deployable stops on SIGINT/SIGTERM itself (stopOnSignals), gateway before subgraphs before
    // databases; Apollo's own handlers would stop every server at once, in no order.
    stopOnTerminationSignals: false,
    plugins: [...(options.plugins ?? []), clientErrorStatus],
    formatError: (formatted, error) =>
      owner?.isUnavailable(error)
        ? ownerUnavailableAt(formatted, owner.name, logger, error)
        : maskError(formatted, error, {
            onMasked: (cause) => logger.error({ err: (cause as { originalError?: unknown })?.originalError ?? cause }, 'masked an unexpected error'),
          }),
  } as ApolloServerOptions<TContext>);
}

/** An error the owner's database being out of reach caused, at its path: retryable, naming the owner, nothing of the cause. */
function ownerUnavailableAt(formatted: GraphQLFormattedError, owner: string, logger: Logger, cause: unknown): GraphQLFormattedError {
  logger.warn({ err: (cause as { originalError?: unknown })?.originalError ?? cause }, 'database unavailable');
  const error = ownerUnavailable(owner, 5);
  return { message: error.message, ...(formatted.path ? { path: formatted.path } : {}), extensions: error.extensions };
}
