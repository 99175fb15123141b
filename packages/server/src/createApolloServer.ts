import { ApolloServer, type ApolloServerOptions, type ApolloServerPlugin, type BaseContext } from '@apollo/server';
import {
  ApolloServerPluginLandingPageDisabled,
  ApolloServerPluginSchemaReportingDisabled,
  ApolloServerPluginUsageReportingDisabled,
} from '@apollo/server/plugin/disabled';
import { clientErrors, type ClientErrors } from './clientErrors';
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

/** Logs each error a client will see masked, once (see ClientErrors.logUnexpected). */
function logUnexpectedErrors(errors: ClientErrors): ApolloServerPlugin<BaseContext & { requestId?: string }> {
  return {
    async requestDidStart() {
      return {
        async didEncounterErrors({ errors: encountered, contextValue }) {
          errors.logUnexpected(encountered, contextValue.requestId);
        },
      };
    },
  };
}

/**
 * The gateway's Apollo Server: no stack traces or field suggestions, unexpected errors masked to
 * INTERNAL_SERVER_ERROR (the cause goes to the log with the request id), Apollo's own log lines into the
 * service's JSON log, no landing page, no reporting to Apollo's cloud, no signal handlers of its own.
 */
export function createApolloServer<TContext extends BaseContext & { requestId?: string }>(
  options: ApolloServerOptions<TContext>,
  logger: Logger,
): ApolloServer<TContext> {
  const errors = clientErrors(logger);
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
    // No landing page (Apollo's loads Sandbox from a CDN): the gateway serves its own IDE. No usage or schema
    // reporting to Apollo's cloud either, even where an APOLLO_KEY happens to be set: nothing leaves the network.
    plugins: [
      ...(options.plugins ?? []),
      ApolloServerPluginLandingPageDisabled(),
      ApolloServerPluginUsageReportingDisabled(),
      ApolloServerPluginSchemaReportingDisabled(),
      clientErrorStatus,
      logUnexpectedErrors(errors),
    ],
    formatError: (formatted, error) => errors.format(formatted, error),
  } as ApolloServerOptions<TContext>);
}
