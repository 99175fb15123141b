import { STATUS_CODES, type IncomingHttpHeaders } from 'node:http';
import { Agent, Headers, request, type Dispatcher } from 'undici';
import type { Fetcher, FetcherRequestInit, FetcherResponse } from '@apollo/utils.fetcher';
import type { RawGraphQLRequest, RawGraphQLResponse } from '@civicgraph/server';
import { remainingMs, within } from './deadlines';

/** Runs a subgraph request in this process (see startSubgraphInProcess). */
export type InProcessExecutor = (request: RawGraphQLRequest) => Promise<RawGraphQLResponse>;

/** The URL scheme of subgraphs running inside the gateway's process: `in-process://<name>/graphql`. */
export const IN_PROCESS_SCHEME = 'in-process:';

export interface SubgraphFetcherOptions {
  /** Subgraphs in this process, by name: URLs `in-process://<name>/graphql` reach them without a socket. */
  inProcess?: Record<string, InProcessExecutor>;
  /** Open connections per subgraph origin. Default 32. */
  connections?: number;
  /** Idle time before a kept-alive connection closes, ms. Default 30,000. */
  keepAliveTimeout?: number;
}

/**
 * A subgraph's answer, read whole: what Apollo's data source reads of a fetch response (status, headers,
 * the JSON body). Cheaper than a WHATWG `Response`, whose body is a web stream Apollo would read again.
 */
class SubgraphResponse implements FetcherResponse {
  readonly redirected = false;
  bodyUsed = false;

  constructor(
    readonly url: string,
    readonly status: number,
    readonly headers: Headers,
    private readonly body: string,
  ) {}

  get ok(): boolean {
    return this.status >= 200 && this.status < 300;
  }

  get statusText(): string {
    return STATUS_CODES[this.status] ?? '';
  }

  async text(): Promise<string> {
    this.bodyUsed = true;
    return this.body;
  }

  async json(): Promise<unknown> {
    return JSON.parse(await this.text());
  }

  async arrayBuffer(): Promise<ArrayBuffer> {
    return new TextEncoder().encode(await this.text()).buffer as ArrayBuffer;
  }

  clone(): SubgraphResponse {
    return new SubgraphResponse(this.url, this.status, new Headers(this.headers), this.body);
  }
}

function headersOf(raw: IncomingHttpHeaders | Record<string, string>): Headers {
  const headers = new Headers();
  for (const [name, value] of Object.entries(raw)) {
    if (Array.isArray(value)) for (const v of value) headers.append(name, v);
    else if (value !== undefined) headers.set(name, value);
  }
  return headers;
}

/**
 * Subgraph fetches over pooled keep-alive connections, or straight into a subgraph in this process. The
 * gateway's default client opens a new connection per fetch. undici's `request` rather than its `fetch`: the
 * answer is read as bytes, without the web streams and `Response` objects `fetch` builds around it. A fetch
 * carrying the request's deadline (DEADLINE_HEADER) is cut off at it.
 */
export function createSubgraphFetcher(options: SubgraphFetcherOptions = {}): { fetcher: Fetcher; close(): Promise<void> } {
  const agent = new Agent({ connections: options.connections ?? 32, keepAliveTimeout: options.keepAliveTimeout ?? 30_000, pipelining: 1 });
  const local = options.inProcess ?? {};
  const fetcher: Fetcher = async (url: string, init: FetcherRequestInit = {}) => {
    const remaining = remainingMs(init.headers as Record<string, string> | undefined);
    return remaining === undefined ? fetchOnce(url, init, init.signal) : within(remaining, url, (signal) => fetchOnce(url, init, signal));
  };
  const fetchOnce = async (url: string, init: FetcherRequestInit, signal: AbortSignal | null | undefined) => {
    if (!url.startsWith(IN_PROCESS_SCHEME)) {
      const answer = await request(url, {
        method: (init.method ?? 'POST') as Dispatcher.HttpMethod,
        headers: init.headers,
        body: init.body,
        signal: signal ?? undefined,
        dispatcher: agent,
      });
      return new SubgraphResponse(url, answer.statusCode, headersOf(answer.headers), await answer.body.text());
    }
    const target = new URL(url);
    const execute = local[target.hostname];
    if (!execute) throw new Error(`no in-process subgraph "${target.hostname}"`);
    const headers = Object.fromEntries(Object.entries(init.headers ?? {}).map(([k, v]) => [k.toLowerCase(), v]));
    const response = await execute({
      method: init.method ?? 'POST',
      headers,
      search: target.search,
      body: typeof init.body === 'string' ? init.body : (init.body?.toString('utf8') ?? ''),
    });
    return new SubgraphResponse(url, response.status, headersOf(response.headers), response.body);
  };
  return { fetcher, close: () => agent.close() };
}
