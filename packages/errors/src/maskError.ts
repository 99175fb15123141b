import type { GraphQLFormattedError } from 'graphql';
import { ERROR_CODES, type ErrorCode } from './errorCodes';

export interface MaskErrorOptions {
  /** Request id quoted in the masked message, so a user can report it and an operator find it in the log. */
  requestId?: string;
  /** Called with every error that is masked, for the server log. */
  onMasked?: (error: unknown) => void;
}

/** Whether `code` is one of the registry's (INTERNAL_SERVER_ERROR included): anything else is masked. */
export function isKnownCode(code: unknown): code is ErrorCode {
  return typeof code === 'string' && code in ERROR_CODES;
}

/**
 * The last step before an error reaches a client: errors carrying a registered code pass through
 * (without stack traces); anything else — a driver error with SQL in it, a bug — becomes a bare
 * INTERNAL_SERVER_ERROR. Used as Apollo Server's `formatError` by every service.
 */
export function maskError(formatted: GraphQLFormattedError, error: unknown, options: MaskErrorOptions = {}): GraphQLFormattedError {
  const code = formatted.extensions?.code;
  if (isKnownCode(code) && code !== 'INTERNAL_SERVER_ERROR') {
    const { stacktrace: _stacktrace, exception: _exception, ...extensions } = formatted.extensions ?? {};
    return { ...formatted, extensions };
  }
  // A request error Apollo Server raises without a code (a persisted-query hash that does not match its
  // query, an unsupported version) is the client's: its message names no internals.
  const status = (error as { extensions?: { http?: { status?: number } } } | undefined)?.extensions?.http?.status;
  if ((code === undefined || code === 'INTERNAL_SERVER_ERROR') && status !== undefined && status >= 400 && status < 500) {
    return { message: formatted.message, extensions: { code: 'BAD_REQUEST' } };
  }
  options.onMasked?.(error);
  return {
    message: options.requestId ? `Internal server error (request ${options.requestId})` : 'Internal server error',
    ...(formatted.locations ? { locations: formatted.locations } : {}),
    ...(formatted.path ? { path: formatted.path } : {}),
    extensions: { code: 'INTERNAL_SERVER_ERROR', ...(options.requestId ? { requestId: options.requestId } : {}) },
  };
}
