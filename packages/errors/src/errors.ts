import { GraphQLError } from 'graphql';
import type { ErrorCode } from './errorCodes';

function coded(code: ErrorCode, message: string, extensions: Record<string, unknown> = {}): GraphQLError {
  return new GraphQLError(message, { extensions: { ...extensions, code } });
}

/** A malformed or out-of-range argument. `argument` is its path as the client wrote it, e.g. `idNumber` or `filter.birthDateFrom`. */
export function badUserInput(argument: string, reason: string): GraphQLError {
  return coded('BAD_USER_INPUT', `Argument "${argument}" is invalid: ${reason}`, { argument, reason });
}

/** A value of a custom scalar that is not one (a date that does not exist); the message says which and why. */
export function invalidValue(message: string): GraphQLError {
  return coded('BAD_USER_INPUT', message);
}

export function notFound(what: string): GraphQLError {
  return coded('NOT_FOUND', `${what} does not exist`);
}

export function forbidden(message: string, extensions: Record<string, unknown> = {}): GraphQLError {
  return coded('FORBIDDEN', message, extensions);
}

export function unauthenticated(message: string): GraphQLError {
  return coded('UNAUTHENTICATED', message);
}

/** One wrong argument among several. */
export interface InputProblem {
  /** Its path as the client wrote it, e.g. `grants[2].coordinate`. */
  argument: string;
  reason: string;
  /** Anything else the client needs to act on it (the legal basis of a negative-list item). */
  [detail: string]: unknown;
}

/** Every problem with the input at once, so a client fixes them in one round trip. */
export function badUserInputs(problems: InputProblem[]): GraphQLError {
  if (problems.length === 1) {
    const [{ argument, reason, ...details }] = problems as [InputProblem];
    return coded('BAD_USER_INPUT', `Argument "${argument}" is invalid: ${reason}`, { argument, reason, ...details, problems });
  }
  const message = `${problems.length} arguments are invalid: ${problems.map((p) => `"${p.argument}" ${p.reason}`).join('; ')}`;
  return coded('BAD_USER_INPUT', message, { problems });
}

export function conflict(message: string): GraphQLError {
  return coded('CONFLICT', message);
}

/** Codes that refuse a whole request before anything runs, with the HTTP status that goes with each. */
const REFUSAL_STATUS = {
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  BAD_REQUEST: 400,
  BAD_USER_INPUT: 400,
  OPERATION_RESOLUTION_FAILURE: 400,
  LIMIT_EXCEEDED: 400,
  OPERATION_NOT_REGISTERED: 403,
  TIMEOUT: 504,
  OWNER_UNAVAILABLE: 503,
} as const;

/**
 * Refuses a whole request (no credential, no grant, a malformed header): the error carries its code and
 * the HTTP status Apollo Server answers with. Errors inside a partly served result use the plain helpers.
 */
export function refuseRequest(code: keyof typeof REFUSAL_STATUS, message: string, extensions: Record<string, unknown> = {}): GraphQLError {
  return coded(code, message, { ...extensions, http: { status: REFUSAL_STATUS[code] } });
}

/**
 * The audit store did not commit this request's records: the response is withheld (HTTP 503) rather
 * than delivered unlogged.
 */
export function auditUnavailable(): GraphQLError {
  return coded('AUDIT_UNAVAILABLE', 'The audit trail is unavailable, so the response was withheld; retry later', { http: { status: 503 } });
}

/** A request larger than a limit allows (depth, aliases, directives, tokens, rows, operations per batch): HTTP 400. */
export function limitExceeded(limit: string, max: number, message: string): GraphQLError {
  return refuseRequest('LIMIT_EXCEEDED', message, { limit, max });
}

/**
 * An owner's coded error passed on by the gateway: message and extensions kept, stack and exception
 * dropped. An unregistered code is still masked on the way out (maskError).
 */
export function relayedError(message: string, extensions: Record<string, unknown>): GraphQLError {
  const { stacktrace: _stacktrace, exception: _exception, ...kept } = extensions;
  return new GraphQLError(message, { extensions: kept });
}

/** A fault on our side: `message` is for the server log; the client sees INTERNAL_SERVER_ERROR and the request id. */
export function internalFault(message: string): GraphQLError {
  return coded('INTERNAL_SERVER_ERROR', message);
}

/** Traffic over a scenario's limits: HTTP 429 with Retry-After (whole seconds, at least 1). */
export function trafficRefused(code: 'RATE_LIMITED' | 'QUOTA_EXCEEDED', message: string, retryAfterMs: number): GraphQLError {
  const retryAfter = Math.max(1, Math.ceil(retryAfterMs / 1000));
  return coded(code, message, { retryAfter, http: { status: 429, headers: new Map([['retry-after', String(retryAfter)]]) } });
}

/** A data owner that did not answer within the request's deadline (an outage, never an authentication problem). */
export function ownerTimeout(owner: string, deadlineMs: number): GraphQLError {
  return coded('TIMEOUT', `${owner} did not answer within the request's deadline of ${deadlineMs} ms`, { owner });
}

/** What a client is told to wait before retrying an owner that cannot answer, unless the caller knows better. */
export const OWNER_RETRY_AFTER_SECONDS = 5;

/** A data owner that cannot answer now (down, failing, breaker open): retryable, located at the owner's fields. */
export function ownerUnavailable(owner: string, retryAfterSeconds = OWNER_RETRY_AFTER_SECONDS): GraphQLError {
  return coded('OWNER_UNAVAILABLE', `${owner} cannot answer now; its fields are null`, { owner, retryAfter: retryAfterSeconds });
}

/** A request shed because the gateway is at its bound of work in flight: HTTP 503 with Retry-After. */
export function overloaded(retryAfterSeconds: number): GraphQLError {
  return coded('OVERLOADED', 'The gateway is at capacity; nothing was executed', {
    retryAfter: retryAfterSeconds,
    http: { status: 503, headers: new Map([['retry-after', String(retryAfterSeconds)]]) },
  });
}
