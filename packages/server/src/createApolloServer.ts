import { ApolloServer, type ApolloServerOptions, type ApolloServerPlugin, type BaseContext } from '@apollo/server';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { isKnownCode, maskError, ownerUnavailable } from '@civicgraph/errors';
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
 * Logs each error a client will see masked, once, with the request id the client was given, so an operator
 * can find the cause from what the client quotes. Errors raised before a request has a context (a refused
 * credential) are logged by formatError without one.
 */
function logUnexpectedErrors(
  logger: Logger,
  logged: WeakSet<object>,
  isOwnerUnavailable: (error: unknown) => boolean,
): ApolloServerPlugin<BaseContext & { requestId?: string }> {
  return {
    async requestDidStart() {
      return {
        async didEncounterErrors({ errors, contextValue }) {
          for (const error of errors) {
            const code = error.extensions?.code;
            if ((isKnownCode(code) && code !== 'INTERNAL_SERVER_ERROR') || isOwnerUnavailable(error)) continue;
            logged.add(error);
            logger.error({ err: error.originalError ?? error, requestId: contextValue.requestId, path: error.path }, 'unexpected error');
          }
        },
      };
    },
  };
}

/**
 * Apollo Server with the settings every CivicGraph service shares: no stack traces or field suggestions, unexpected errors
 * masked to INTERNAL_SERVER_ERROR (the cause goes to the log with the request id), Apollo's own log lines into
 * the service's JSON log, no landing page, no signal handlers of its own.
 */
export function createApolloServer<TContext extends BaseContext & { requestId?: string }>(
  options: ApolloServerOptions<TContext>,
  logger: Logger,
  /** A data owner's server: errors its database's unavailability causes reach the client as OWNER_UNAVAILABLE naming it. */
  owner?: { name: string; isUnavailable: (error: unknown) => boolean },
): ApolloServer<TContext> {
  const logged = new WeakSet<object>();
  return new ApolloServer<TContext>({
    ...options,
    // Apollo's "Unexpected error processing request" and the like, as JSON lines like every other.
    logger: {
      debug: (message: string) => logger.debug(message),
      info: (message: string) => logger.info(message),
      warn: (message: string) => logger.warn(message),
      error: (message: string) => logger.error(message),
    },
    includeStacktraceInErrorResponses: false,
    // No "Did you mean …?" in validation errors: a suggestion could name a field the caller's scenario
    // may not see.
    hideSchemaDetailsFromClientErrors: true,
    // Each deployable stops on SIGINT/SIGTERM itself (stopOnSignals), gateway before subgraphs before
    // databases; Apollo's own handlers would stop every server at once, in no order.
    stopOnTerminationSignals: false,
    // No landing page (Apollo's loads Sandbox from a CDN): the gateway serves its own IDE, subgraphs none.
    plugins: [
      ...(options.plugins ?? []),
      ApolloServerPluginLandingPageDisabled(),
      clientErrorStatus,
      logUnexpectedErrors(logger, logged, (error) => owner?.isUnavailable(error) ?? false),
    ],
    formatError: (formatted, error) =>
      owner?.isUnavailable(error)
        ? ownerUnavailableAt(formatted, owner.name, logger, error)
        : maskError(formatted, error, {
            onMasked: (cause) => {
              if (!logged.has(cause as object))
                logger.error({ err: (cause as { originalError?: unknown })?.originalError ?? cause }, 'masked an unexpected error');
            },
          }),
  } as ApolloServerOptions<TContext>);
}

/** An error the owner's database being out of reach caused, at its path: retryable, naming the owner, nothing of the cause. */
function ownerUnavailableAt(formatted: GraphQLFormattedError, owner: string, logger: Logger, cause: unknown): GraphQLFormattedError {
  logger.warn({ err: (cause as { originalError?: unknown })?.originalError ?? cause }, 'database unavailable');
  const error = ownerUnavailable(owner);
  return { message: error.message, ...(formatted.path ? { path: formatted.path } : {}), extensions: error.extensions };
}
