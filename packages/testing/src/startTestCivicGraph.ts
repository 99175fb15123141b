import { closeCityDatabases, startCivicGraph, type RunningCivicGraph } from '@civicgraph/platform';
import type { CityDatabases } from '@civicgraph/seed';
import { createLogger } from '@civicgraph/server';
import { openSeededCity } from './cityTemplate';

export interface TestCivicGraphOptions {
  /** Residents in the test city. Default 400. */
  persons?: number;
  /** Generator seed. Default 2260. */
  seed?: number;
}

export interface GraphQLResponse {
  status: number;
  headers: Headers;
  body: { data?: Record<string, any> | null; errors?: { message: string; path?: (string | number)[]; extensions?: Record<string, any> }[] };
}

export interface TestCivicGraph extends RunningCivicGraph {
  dbs: CityDatabases;
  /** POSTs an operation to the gateway. */
  query(query: string, variables?: Record<string, unknown>, headers?: Record<string, string>): Promise<GraphQLResponse>;
  /** POSTs any body to a URL (for malformed requests and direct subgraph calls). */
  post(url: string, body: string, headers?: Record<string, string>): Promise<GraphQLResponse>;
}

async function post(url: string, body: string, headers: Record<string, string> = {}): Promise<GraphQLResponse> {
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
  return { status: response.status, headers: response.headers, body: (await response.json()) as GraphQLResponse['body'] };
}

/** Every database in memory, every service on port 0: start in `beforeAll`, `stop()` in `afterAll`. */
export async function startTestCivicGraph(options: TestCivicGraphOptions = {}): Promise<TestCivicGraph> {
  const dbs = await openSeededCity({ persons: options.persons ?? 400, seed: options.seed ?? 2260 });
  const app = await startCivicGraph({ dbs, logger: createLogger({ name: 'test', level: 'silent' }), port: 0, subgraphPorts: 0 });
  return {
    ...app,
    dbs,
    query: (query, variables = {}, headers = {}) => post(app.url, JSON.stringify({ query, variables }), headers),
    post,
    async stop() {
      await app.stop();
      await closeCityDatabases(dbs);
    },
  };
}
