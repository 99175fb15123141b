import { randomBytes } from 'node:crypto';
import { closeCityDatabases, type PlatformDatabases } from '../cityDatabases';
import { startCivicGraph, startGateway, type ConsoleSettings, type FeedSettings, type RunningCivicGraph, type StartGatewayOptions } from '../startCivicGraph';
import {
  DEV_IDENTITY_PROVIDER,
  generateContextSigningKey,
  generateIdentityProviderKey,
  mintSubjectToken,
  type ContextSigningKey,
  type IdentityProviderKey,
  type MintSubjectTokenOptions,
} from '@civicgraph/policy';
import { createLogger } from '@civicgraph/server';
import { openPostgresCity, openSeededCity } from './cityTemplate';
import { DEFAULT_CITY_AS_OF } from '../demo/generateCity';
import type { DefectRates, InjectedDefect } from '../demo/defects';
import type { DatabaseName } from '@civicgraph/prisma';

/** The city tests run on unless they say otherwise. */
export const DEFAULT_TEST_CITY = { persons: 400, seed: 2260 } as const;

export interface TestCivicGraphOptions {
  /** Residents in the test city. Default 400. */
  persons?: number;
  /** Generator seed. Default 2260. */
  seed?: number;
  /** Records to break after seeding, per defect class (quality tests). */
  defects?: DefectRates;
  /** How long the gateway reuses scenario lookups, ms. Default 200. */
  cacheMs?: number;
  /** Default 10,000 here (the gateway's own default is 20). */
  failedAuthenticationsPerMinute?: number;
  /** Default `http`; `in-process` is single-process mode (no subgraph URLs to call directly). */
  transport?: 'http' | 'in-process';
  /** The governance subgraph's clock (share-request dates and deadlines). Default: the system clock. */
  governanceClock?: () => Date;
  /** Serve the governance console at `/console` with these settings. Default: no console. */
  console?: ConsoleSettings;
  /** The instant quality runs check the data as of. Default: noon in Shanghai on the day the city describes. */
  qualityAsOf?: () => Date;
  /** The change feeds' dispatcher. Default: polling every 50 ms, retries after 100, 200 and 400 ms. */
  feeds?: FeedSettings | false;
}

export interface GraphQLResponse {
  status: number;
  headers: Headers;
  body: { data?: Record<string, any> | null; errors?: { message: string; path?: (string | number)[]; extensions?: Record<string, any> }[] };
}

export interface TestCivicGraph extends RunningCivicGraph {
  dbs: PlatformDatabases;
  /** API key of an app whose scenario is granted every field; `query` sends it unless told otherwise. */
  apiKey: string;
  /** The gateway's context-signing key, for tests that forge or replay subgraph calls. */
  contextKey: ContextSigningKey;
  /** The operators' token every service's `/metrics` asks for. */
  metricsToken: string;
  /** The test identity provider's key, trusted by the gateway. */
  identityProvider: IdentityProviderKey;
  /** A subject token (`X-Subject-Token`) for a citizen, from the test identity provider. */
  subjectToken(idNumber: string, options?: MintSubjectTokenOptions): Promise<string>;
  /** POSTs an operation to the gateway (with `apiKey`; pass `authorization: ''` to send none). */
  query(query: string, variables?: Record<string, unknown>, headers?: Record<string, string>): Promise<GraphQLResponse>;
  /** POSTs any body to a URL (for malformed requests and direct subgraph calls). */
  post(url: string, body: string, headers?: Record<string, string>): Promise<GraphQLResponse>;
  /** Another gateway over the same subgraphs and governance database (stopped with the city, or before). */
  anotherGateway(
    options?: Partial<
      Pick<
        StartGatewayOptions,
        | 'dbs'
        | 'subgraphUrls'
        | 'failedAuthenticationsPerMinute'
        | 'requestTimeoutMs'
        | 'requestLogSpoolFile'
        | 'breakers'
        | 'admission'
        | 'openRequestsPerDay'
        | 'openExportPageSize'
      >
    >,
  ): Promise<{ url: string; stop(): Promise<void> }>;
  /** The records the city was broken in on purpose (`defects`), with the rule that must find each. */
  injectedDefects: InjectedDefect[];
  /** On PostgreSQL, each database's URL (for tests that put a fault between a service and its database). */
  databaseUrls?: Record<DatabaseName, string>;
}

async function post(url: string, body: string, headers: Record<string, string> = {}): Promise<GraphQLResponse> {
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
  return { status: response.status, headers: response.headers, body: (await response.json()) as GraphQLResponse['body'] };
}

/**
 * Which database server the tests run on: embedded PGlite by default; PostgreSQL when
 * CIVICGRAPH_TEST_DATABASE=postgres, at CIVICGRAPH_TEST_POSTGRES_URL (a role that may create databases).
 * `.ci/run` runs the end-to-end suite both ways.
 */
function testDatabase(): { kind: 'pglite' } | { kind: 'postgres'; adminUrl: string } {
  const kind = process.env.CIVICGRAPH_TEST_DATABASE ?? 'pglite';
  if (kind === 'pglite') return { kind };
  if (kind !== 'postgres') throw new Error(`CIVICGRAPH_TEST_DATABASE must be pglite or postgres, got "${kind}"`);
  const adminUrl = process.env.CIVICGRAPH_TEST_POSTGRES_URL;
  if (!adminUrl) throw new Error('CIVICGRAPH_TEST_DATABASE=postgres needs CIVICGRAPH_TEST_POSTGRES_URL (postgres://user:password@host/postgres)');
  return { kind, adminUrl };
}

/** Every database in memory (or fresh on PostgreSQL), every service on port 0: start in `beforeAll`, `stop()` in `afterAll`. */
export async function startTestCivicGraph(options: TestCivicGraphOptions = {}): Promise<TestCivicGraph> {
  const city = { persons: options.persons ?? DEFAULT_TEST_CITY.persons, seed: options.seed ?? DEFAULT_TEST_CITY.seed, defects: options.defects };
  const database = testDatabase();
  const { dbs, apiKey, defects, drop, urls } =
    database.kind === 'postgres' ? await openPostgresCity(database.adminUrl, city) : { ...(await openSeededCity(city)), drop: async () => {}, urls: undefined };
  const contextKey = generateContextSigningKey();
  const identityProvider = generateIdentityProviderKey();
  const metricsToken = randomBytes(24).toString('base64url');
  const app = await startCivicGraph({
    dbs,
    contextKey,
    subjectTokens: { publicKey: identityProvider.publicKey, issuer: DEV_IDENTITY_PROVIDER },
    logger: createLogger({ name: 'test', level: 'silent' }),
    port: 0,
    subgraphPorts: 0,
    // Short, so tests of grant changes do not wait long.
    directory: { cacheMs: options.cacheMs ?? 200 },
    transport: options.transport,
    governanceClock: options.governanceClock,
    console: options.console,
    feeds: options.feeds ?? { pollMs: 50, retryDelaysMs: [100, 200, 400] },
    // No schedule: tests request their runs.
    quality: { schedule: null, pollMs: 100, asOf: options.qualityAsOf ?? (() => new Date(`${DEFAULT_CITY_AS_OF}T12:00:00+08:00`)) },
    metricsToken,
    // Every suite calls from one address and some send wrong keys on purpose; the traffic suite sets its own.
    failedAuthenticationsPerMinute: options.failedAuthenticationsPerMinute ?? 10_000,
  });
  const others: { stop(): Promise<void> }[] = [];
  return {
    ...app,
    dbs,
    databaseUrls: urls,
    apiKey,
    injectedDefects: defects,
    contextKey,
    metricsToken,
    identityProvider,
    subjectToken: (idNumber, mintOptions) => mintSubjectToken(idNumber, identityProvider.privateKey, mintOptions),
    query: (query, variables = {}, headers = {}) => {
      const { authorization = `Bearer ${apiKey}`, ...rest } = headers;
      return post(app.url, JSON.stringify({ query, variables }), authorization ? { authorization, ...rest } : rest);
    },
    post,
    async anotherGateway(overrides = {}) {
      const gateway = await startGateway({
        dbs,
        contextKey,
        logger: createLogger({ name: 'another-gateway', level: 'silent' }),
        port: 0,
        directory: { cacheMs: options.cacheMs ?? 200 },
        subjectTokens: { publicKey: identityProvider.publicKey, issuer: DEV_IDENTITY_PROVIDER },
        failedAuthenticationsPerMinute: 10_000,
        ...overrides,
        subgraphUrls: { ...app.subgraphUrls, ...overrides.subgraphUrls },
      });
      others.push(gateway);
      return gateway;
    },
    async stop() {
      for (const gateway of others) await gateway.stop();
      await app.stop();
      await closeCityDatabases(dbs);
      await drop();
    },
  };
}
