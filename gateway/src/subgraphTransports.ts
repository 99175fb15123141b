import { Agent, request, type Dispatcher } from 'undici';
import type { SubgraphExecutor } from '@civicgraph/server';

/** What the gateway sends a subgraph for one fetch of a query plan. */
export interface SubgraphFetch {
  /** Lower-case names. */
  headers: Record<string, string>;
  body: { query: string; variables?: Record<string, unknown>; operationName?: string };
  /** Aborted at the request's deadline. */
  signal?: AbortSignal;
}

/** A subgraph's reply: its status, a header, and its body (a JSON value, or text when it is not JSON). */
export interface SubgraphReply {
  status: number;
  header(name: string): string | undefined;
  body: unknown;
}

export type SubgraphTransport = (fetch: SubgraphFetch) => Promise<SubgraphReply>;

export interface SubgraphTransportOptions {
  /** Open connections per subgraph origin. Default 32. */
  connections?: number;
  /** Idle time before a kept-alive connection closes, ms. Default 30,000. */
  keepAliveTimeout?: number;
}

/**
 * Subgraph fetches over HTTP, on pooled keep-alive connections (the gateway's default client opens a new
 * connection per fetch), with undici's `request`: the answer is read as bytes, without the web streams,
 * `Headers` and `Response` objects `fetch` builds around it.
 */
export function createHttpTransports(options: SubgraphTransportOptions = {}): { transportTo(url: string): SubgraphTransport; close(): Promise<void> } {
  const agent = new Agent({ connections: options.connections ?? 32, keepAliveTimeout: options.keepAliveTimeout ?? 30_000, pipelining: 1 });
  return {
    transportTo:
      (url) =>
      async ({ headers, body, signal }) => {
        const answer = await request(url, { method: 'POST' as Dispatcher.HttpMethod, headers, body: JSON.stringify(body), signal, dispatcher: agent });
        const text = await answer.body.text();
        const type = answer.headers['content-type'];
        let parsed: unknown = text;
        if (typeof type === 'string' && /^application\/(?:graphql-response\+)?json\b/.test(type)) parsed = JSON.parse(text);
        return {
          status: answer.statusCode,
          header: (name) => {
            const value = answer.headers[name];
            return Array.isArray(value) ? value[0] : value;
          },
          body: parsed,
        };
      },
    close: () => agent.close(),
  };
}

/**
 * A subgraph in the gateway's process (single-process mode): the fetch is handed over as objects and the
 * answer taken as objects — no socket, no JSON — through the executor the subgraph's HTTP route uses.
 */
export function inProcessTransport(execute: SubgraphExecutor): SubgraphTransport {
  return async ({ headers, body }) => {
    const answer = await execute({ headers, body });
    return { status: answer.status, header: (name) => answer.headers[name], body: answer.result };
  };
}
