import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { HeaderMap, type ApolloServer, type BaseContext } from '@apollo/server';
import { sendJson, type RouteHandler } from './startHttpServer';

/** What every service knows about the HTTP request behind a GraphQL operation. */
export interface RequestInfo {
  /** From a well-formed `x-request-id` header, or new. Echoed in the response and in every log line. */
  requestId: string;
  headers: IncomingMessage['headers'];
}

export interface GraphQLHandlerOptions<TContext extends BaseContext> {
  /** Builds the per-request context (loaders, verified caller…). May throw a coded GraphQLError. */
  context: (info: RequestInfo) => Promise<TContext>;
  /** Largest accepted request body. Default 1 MiB. */
  maxBodyBytes?: number;
}

/** The first value of a request header (Node gives repeated headers as arrays). */
export function headerOf(info: RequestInfo, name: string): string | undefined {
  const value = info.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

async function readBody(req: IncomingMessage, limit: number): Promise<string | null> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > limit) return null;
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function badRequest(message: string) {
  return { errors: [{ message, extensions: { code: 'BAD_REQUEST' } }] };
}

/** Serves an Apollo Server on a node:http route, the way Apollo's own integrations do. */
export function createGraphQLHandler<TContext extends BaseContext>(server: ApolloServer<TContext>, options: GraphQLHandlerOptions<TContext>): RouteHandler {
  const limit = options.maxBodyBytes ?? 1024 * 1024;
  return async (req, res) => {
    const incoming = req.headers['x-request-id'];
    const requestId = typeof incoming === 'string' && REQUEST_ID.test(incoming) ? incoming : randomUUID();
    const idHeader = { 'x-request-id': requestId };

    let body: unknown;
    if (req.method === 'POST') {
      const text = await readBody(req, limit);
      if (text === null) return sendJson(res, 413, badRequest(`Request body is larger than ${limit} bytes`), idHeader);
      try {
        body = text ? JSON.parse(text) : undefined;
      } catch {
        return sendJson(res, 400, badRequest('Request body is not valid JSON'), idHeader);
      }
    }
    const headers = new HeaderMap();
    for (const [key, value] of Object.entries(req.headers)) {
      if (value !== undefined) headers.set(key, Array.isArray(value) ? value.join(', ') : value);
    }
    const response = await server.executeHTTPGraphQLRequest({
      httpGraphQLRequest: { method: req.method ?? 'GET', headers, search: new URL(req.url ?? '/', 'http://x').search, body },
      context: () => options.context({ requestId, headers: req.headers }),
    });
    res.statusCode = response.status ?? 200;
    for (const [key, value] of response.headers) res.setHeader(key, value);
    res.setHeader('x-request-id', requestId);
    if (response.body.kind === 'complete') {
      res.end(response.body.string);
      return;
    }
    for await (const chunk of response.body.asyncIterator) res.write(chunk);
    res.end();
  };
}
