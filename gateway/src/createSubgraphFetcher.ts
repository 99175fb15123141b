import { Agent, fetch } from 'undici';
import type { Fetcher } from '@apollo/utils.fetcher';

export interface SubgraphFetcherOptions {
  /** Open connections per subgraph origin. Default 32. */
  connections?: number;
  /** Idle time before a kept-alive connection closes, ms. Default 30,000. */
  keepAliveTimeout?: number;
}

/**
 * Subgraph fetches over pooled keep-alive connections. The gateway's default client opens a new
 * connection per fetch, which measured at half the throughput on the citizen-profile query.
 */
export function createSubgraphFetcher(options: SubgraphFetcherOptions = {}): { fetcher: Fetcher; close(): Promise<void> } {
  const agent = new Agent({ connections: options.connections ?? 32, keepAliveTimeout: options.keepAliveTimeout ?? 30_000, pipelining: 1 });
  const fetcher = ((url: string, init?: Parameters<typeof fetch>[1]) => fetch(url, { ...init, dispatcher: agent })) as unknown as Fetcher;
  return { fetcher, close: () => agent.close() };
}
