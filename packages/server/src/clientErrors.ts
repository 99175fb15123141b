import { isKnownCode, maskError, ownerUnavailable } from '@civicgraph/errors';
import type { GraphQLError, GraphQLFormattedError } from 'graphql';
import type { Logger } from './logger';

/** A data owner: errors its database's unavailability causes reach the client as OWNER_UNAVAILABLE naming it. */
export interface OwnerErrors {
  name: string;
  isUnavailable: (error: unknown) => boolean;
}

export interface ClientErrors {
  /**
   * Logs each error a client will see masked, once, with the request id the client was given, so an
   * operator can find the cause from what the client quotes.
   */
  logUnexpected(errors: readonly GraphQLError[], requestId: string | undefined): void;
  /** What a client sees of an error: known codes as they are, a database out of reach as OWNER_UNAVAILABLE, anything else masked. */
  format(formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError;
}

/** How every CivicGraph service shows errors to its clients: no stack traces, no internals, every masked cause in the log. */
export function clientErrors(logger: Logger, owner?: OwnerErrors): ClientErrors {
  const logged = new WeakSet<object>();
  const isOwnerUnavailable = (error: unknown) => owner?.isUnavailable(error) ?? false;
  return {
    logUnexpected(errors, requestId) {
      for (const error of errors) {
        const code = error.extensions?.code;
        if ((isKnownCode(code) && code !== 'INTERNAL_SERVER_ERROR') || isOwnerUnavailable(error)) continue;
        logged.add(error);
        logger.error({ err: error.originalError ?? error, requestId, path: error.path }, 'unexpected error');
      }
    },
    format(formatted, error) {
      if (owner && isOwnerUnavailable(error)) return ownerUnavailableAt(formatted, owner.name, logger, error);
      return maskError(formatted, error, {
        onMasked: (cause) => {
          if (!logged.has(cause as object)) logger.error({ err: (cause as { originalError?: unknown })?.originalError ?? cause }, 'masked an unexpected error');
        },
      });
    },
  };
}

/** An error the owner's database being out of reach caused, at its path: retryable, naming the owner, nothing of the cause. */
function ownerUnavailableAt(formatted: GraphQLFormattedError, owner: string, logger: Logger, cause: unknown): GraphQLFormattedError {
  logger.warn({ err: (cause as { originalError?: unknown })?.originalError ?? cause }, 'database unavailable');
  const error = ownerUnavailable(owner);
  return { message: error.message, ...(formatted.path ? { path: formatted.path } : {}), extensions: error.extensions };
}
