/**
 * Every error code a client can receive, with what it means and what to do. Clients branch on
 * `extensions.code`; messages may change, codes may not. The README's error table is checked against this.
 */
export const ERROR_CODES = {
  GRAPHQL_PARSE_FAILED: 'The document is not valid GraphQL syntax. The message gives the line and column.',
  GRAPHQL_VALIDATION_FAILED: 'The document asks for something the schema does not have (unknown field, wrong argument).',
  BAD_USER_INPUT:
    'A variable or argument is malformed or out of range. `extensions.argument` names it and `extensions.reason` says why; where several are wrong at once, `extensions.problems` lists each ({ argument, reason }).',
  UNAUTHENTICATED: 'No credential, or one that is unknown, revoked, expired or forged.',
  FORBIDDEN: 'The credential is valid but its scenario may not read this.',
  NOT_FOUND: 'The record asked for does not exist.',
  CONFLICT: 'The change clashes with what exists: a code already taken, a key already revoked.',
  OPERATION_RESOLUTION_FAILURE: 'The operation names an operation the document does not define.',
  BAD_REQUEST: 'The HTTP request itself is malformed: body not JSON, too large, no query, a persisted-query hash that does not match its query.',
  PERSISTED_QUERY_NOT_FOUND:
    "The request sent only an operation id (persisted-query hash or documentId) that is not registered for the caller's scenario: send the document itself, or register it. HTTP 400.",
  OPERATION_NOT_REGISTERED:
    'The scenario accepts registered operations only and the document is not one of them. `extensions.documentId` is its SHA-256; an administrator registers operations with registerOperations. HTTP 403.',
  LIMIT_EXCEEDED:
    'The request is larger than one request may be: too deep, too many aliases, directives, tokens or operations in a batch, or too many rows (estimated from page sizes). `extensions.limit` names the limit, `extensions.max` its value. HTTP 400.',
  RATE_LIMITED:
    "Too many requests: the scenario's rate for this application, or too many failed authentications from this source or key. Retry after `extensions.retryAfter` seconds (the Retry-After header). HTTP 429.",
  QUOTA_EXCEEDED:
    'The application has been disclosed the rows its scenario allows in 24 hours. Retry after `extensions.retryAfter` seconds (the Retry-After header). HTTP 429.',
  TIMEOUT:
    "A data owner did not answer within the request's deadline; `extensions.owner` names it, `path` locates each field it would have answered (null in `data`, the other owners' fields are there). Retry later.",
  OWNER_UNAVAILABLE:
    "A data owner cannot answer now (down, failing, or its circuit breaker is open); `extensions.owner` names it, `path` locates each field it would have answered (null in `data`, the other owners' fields are there). Retry after `extensions.retryAfter` seconds.",
  OVERLOADED:
    'The gateway is at its bound of requests in flight and waiting; nothing was executed. Retry after `extensions.retryAfter` seconds (the Retry-After header). HTTP 503.',
  AUDIT_UNAVAILABLE:
    'The audit trail could not record this request, so nothing was delivered (every response is logged before it is released). Retry later; HTTP 503.',
  INTERNAL_SERVER_ERROR: 'Something failed on our side. The response carries a request id to quote; details are only in the server log.',
} as const;

export type ErrorCode = keyof typeof ERROR_CODES;
