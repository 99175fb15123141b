import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { performance } from 'node:perf_hooks';
import { HeaderMap, type ApolloServer, type BaseContext } from '@apollo/server';
import { auditUnavailable, limitExceeded, overloaded } from '@civicgraph/errors';
import { inServerSpan } from '@civicgraph/observability';
import type { OutcomeContext } from './operationOutcomes';
import type { RouteHandler } from './startHttpServer';
import type { Admission } from './admission';

/** What every service knows about the HTTP request behind a GraphQL operation. */
export interface RequestInfo {
  /**
   * The key of every log line and audit record of this request, echoed as `x-request-id`: new for every
   * request at an edge service (GraphQLHandlerOptions.requestIds), else the caller's well-formed header.
   */
  requestId: string;
  /** At an edge service, the client's own `x-request-id`, as sent: a correlation id kept beside the request id, never in its place. */
  correlationId?: string;
  headers: IncomingMessage['headers'];
  /** The peer's address, when the request came over a socket (failed authentication is slowed per source). */
  remoteAddress?: string;
}

/** One answered request on its way out: what the step before delivery (the audit trail) sees. */
export interface Exchange<TContext> {
  requestId: string;
  /** The client's `x-request-id` at an edge service, as sent (see RequestInfo.correlationId). */
  correlationId: string | undefined;
  /** When the request arrived. */
  arrivedAt: Date;
  /** `performance.now()` at arrival, for durations. */
  startedAt: number;
  /** The context built for it; none when it was refused before (no credential, malformed body). */
  context: TContext | undefined;
  response: RawGraphQLResponse;
}

export interface GraphQLHandlerOptions<TContext extends BaseContext> {
  /** Names the service in traces. */
  service: string;
  /** Builds the per-request context (loaders, verified caller…). May throw a coded GraphQLError. */
  context: (info: RequestInfo) => Promise<TContext>;
  /**
   * Runs after execution and before the response is released; what it returns is delivered. The audit
   * trail commits its records here, and withholds the response when it cannot.
   */
  beforeDelivery?: (exchange: Exchange<TContext>) => Promise<RawGraphQLResponse>;
  /** Largest accepted request body. Default 1 MiB. */
  maxBodyBytes?: number;
  /**
   * `generated` at the edge (the gateway): every request gets a new id, and a client's `x-request-id` is
   * only its correlation id, so no client can file its requests under another's id. `from-header` behind
   * the edge (subgraphs), which take the gateway's. Default `from-header`.
   */
  requestIds?: 'generated' | 'from-header';
  /** Most operations in one batched (array) request; more is LIMIT_EXCEEDED. Default: no limit. */
  maxBatchOperations?: number;
  /** Bounds the requests executing and waiting; the excess is answered 503 OVERLOADED (and still goes through beforeDelivery). */
  admission?: Admission;
}

/** The first value of a request header (Node gives repeated headers as arrays). */
export function headerOf(info: RequestInfo, name: string): string | undefined {
  const value = info.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** The request id a service behind the edge takes from its caller's `x-request-id`: the header if it is a plain token, else a new one. */
export function forwardedRequestId(header: string | string[] | undefined): string {
  return typeof header === 'string' && REQUEST_ID.test(header) ? header : randomUUID();
}

export async function readBody(req: IncomingMessage, limit: number): Promise<string | null> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > limit) return null;
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** The answer to a request shed at the door: 503 OVERLOADED with Retry-After, nothing executed. */
function shed(requestId: string, retryAfterSeconds: number): RawGraphQLResponse {
  const error = overloaded(retryAfterSeconds);
  return {
    status: 503,
    headers: { 'content-type': 'application/json; charset=utf-8', 'x-request-id': requestId, 'retry-after': String(retryAfterSeconds) },
    body: JSON.stringify({ errors: [{ message: error.message, extensions: { code: 'OVERLOADED', retryAfter: retryAfterSeconds } }] }),
  };
}

function badRequest(message: string) {
  return { errors: [{ message, extensions: { code: 'BAD_REQUEST' } }] };
}

/** A GraphQL request as it arrives, before parsing: what both the HTTP route and in-process callers hand over. */
export interface RawGraphQLRequest {
  method: string;
  headers: IncomingMessage['headers'];
  /** The query string, with its `?`, for GET. */
  search: string;
  /** The body text; null when it was larger than the limit. */
  body: string | null;
  /** The peer's address, when the request came over a socket. */
  remoteAddress?: string;
}

export interface RawGraphQLResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/**
 * Runs one GraphQL request through an Apollo Server: request id, body limits and JSON parsing, the
 * context (which may refuse), execution. Transport-free, so the HTTP route and the in-process transport
 * (single-process mode) apply exactly the same checks.
 */
export function createGraphQLExecutor<TContext extends BaseContext>(
  server: ApolloServer<TContext>,
  options: GraphQLHandlerOptions<TContext>,
): (request: RawGraphQLRequest) => Promise<RawGraphQLResponse> {
  const limit = options.maxBodyBytes ?? 1024 * 1024;
  return async (request) => {
    const arrivedAt = new Date();
    const startedAt = performance.now();
    const incoming = request.headers['x-request-id'];
    const edge = options.requestIds === 'generated';
    const requestId = edge ? randomUUID() : forwardedRequestId(incoming);
    const correlationId = edge && typeof incoming === 'string' ? incoming : undefined;
    let context: TContext | undefined;
    const { admission } = options;
    const run = async () => {
      const admitted = admission ? await admission.enter() : true;
      try {
        const response = admitted
          ? await execute(request, requestId, correlationId, async (info) => {
              const built = await options.context(info);
              // Apollo Server runs each operation on a shallow copy of the context: the outcomes list must
              // exist before, so that every copy shares it.
              (built as OutcomeContext).operations ??= [];
              return (context = built);
            })
          : shed(requestId, admission!.retryAfterSeconds);
        return options.beforeDelivery ? await options.beforeDelivery({ requestId, correlationId, arrivedAt, startedAt, context, response }) : response;
      } finally {
        if (admitted) admission?.leave();
      }
    };
    return inServerSpan(`graphql ${options.service}`, request.headers, { 'civicgraph.request_id': requestId }, run);
  };

  async function execute(
    request: RawGraphQLRequest,
    requestId: string,
    correlationId: string | undefined,
    context: (info: RequestInfo) => Promise<TContext>,
  ): Promise<RawGraphQLResponse> {
    // A correlation id is echoed only when it is a plain token, so no client text is reflected in a header.
    const echoed = correlationId !== undefined && REQUEST_ID.test(correlationId) ? correlationId : undefined;
    const json = (status: number, payload: unknown): RawGraphQLResponse => {
      const headers: Record<string, string> = { 'content-type': 'application/json; charset=utf-8', 'x-request-id': requestId };
      if (echoed) headers['x-correlation-id'] = echoed;
      return { status, headers, body: JSON.stringify(payload) };
    };

    let body: unknown;
    if (request.method === 'POST') {
      if (request.body === null) return json(413, badRequest(`Request body is larger than ${limit} bytes`));
      try {
        body = request.body ? JSON.parse(request.body) : undefined;
      } catch {
        return json(400, badRequest('Request body is not valid JSON'));
      }
      body = Array.isArray(body) ? body.map(withPersistedQuery) : withPersistedQuery(body);
      const max = options.maxBatchOperations;
      if (max !== undefined && Array.isArray(body) && body.length > max) {
        const error = limitExceeded('batch', max, `A batch may hold at most ${max} operations, got ${body.length}`);
        return json(400, { errors: [{ message: error.message, extensions: { code: error.extensions.code, limit: 'batch', max } }] });
      }
    }
    const headers = new HeaderMap();
    for (const [key, value] of Object.entries(request.headers)) {
      if (value !== undefined) headers.set(key, Array.isArray(value) ? value.join(', ') : value);
    }
    const response = await server.executeHTTPGraphQLRequest({
      httpGraphQLRequest: { method: request.method, headers, search: request.search, body },
      context: () => context({ requestId, correlationId, headers: request.headers, remoteAddress: request.remoteAddress }),
    });
    let text: string;
    if (response.body.kind === 'complete') text = response.body.string;
    else {
      text = '';
      for await (const chunk of response.body.asyncIterator) text += chunk;
    }
    // Filled in place rather than spread: on Node.js 20's V8 a property added after an object spread takes a
    // slow path, and this runs for every request of every service.
    const responseHeaders: Record<string, string> = {};
    for (const [name, value] of response.headers) responseHeaders[name] = value;
    responseHeaders['x-request-id'] = requestId;
    if (echoed) responseHeaders['x-correlation-id'] = echoed;
    return { status: response.status ?? 200, headers: responseHeaders, body: text };
  }
}

/**
 * The GraphQL-over-HTTP persisted-document shape (`{"documentId": "sha256:<hex>"}`, as Hive, Cosmo and
 * GraphQL Code Generator's clients send it) as Apollo's persisted-query extension, which Apollo Server
 * understands. A body that also sends a query, or an id that is not a SHA-256, is left as it is.
 */
function withPersistedQuery(body: unknown): unknown {
  if (!body || typeof body !== 'object' || 'query' in body) return body;
  const { documentId, ...rest } = body as { documentId?: unknown; extensions?: Record<string, unknown> };
  const hash = typeof documentId === 'string' ? /^(?:sha256:)?([0-9a-f]{64})$/.exec(documentId)?.[1] : undefined;
  if (!hash) return body;
  return { ...rest, extensions: { ...rest.extensions, persistedQuery: { version: 1, sha256Hash: hash } } };
}

/** Serves an Apollo Server on a node:http route, the way Apollo's own integrations do. */
export function createGraphQLHandler<TContext extends BaseContext>(server: ApolloServer<TContext>, options: GraphQLHandlerOptions<TContext>): RouteHandler {
  const limit = options.maxBodyBytes ?? 1024 * 1024;
  const execute = createGraphQLExecutor(server, options);
  return async (req, res) => {
    const response = await execute({
      method: req.method ?? 'GET',
      headers: req.headers,
      search: new URL(req.url ?? '/', 'http://x').search,
      body: req.method === 'POST' ? await readBody(req, limit) : '',
      remoteAddress: req.socket.remoteAddress,
    });
    res.statusCode = response.status;
    for (const [key, value] of Object.entries(response.headers)) res.setHeader(key, value);
    res.end(response.body);
  };
}

/**
 * The response delivered instead of one whose audit records could not be committed: HTTP 503 with
 * AUDIT_UNAVAILABLE and no data (see the audit trail's durable-before-delivery rule).
 */
export function auditUnavailableResponse(withheld: RawGraphQLResponse): RawGraphQLResponse {
  const error = auditUnavailable();
  return {
    status: 503,
    headers: withheld.headers,
    body: JSON.stringify({ errors: [{ message: error.message, extensions: { code: error.extensions.code } }] }),
  };
}
