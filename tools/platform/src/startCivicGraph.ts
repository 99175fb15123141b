import type { IncomingMessage } from 'node:http';
import { createELicenseSubgraph } from '@civicgraph/e-license-subgraph';
import { createGovernanceSubgraph, ensureConsoleAccess, ensureOpenAccess } from '@civicgraph/governance-subgraph';
import { createConsoleRoutes, createOidcSignIn, type OidcSettings, type SessionLimits } from '@civicgraph/console';
import {
  contextTrustFor,
  createFeedAssertions,
  createStaffAssertions,
  generateContextSigningKey,
  type ContextSigningKey,
  type ContextTrust,
  type FeedAssertions,
  type SubjectTokenVerifier,
} from '@civicgraph/policy';
import { PrismaClient as GovernanceClient } from '@civicgraph/prisma/governance';
import { createScenarioDirectory, serveGateway, type BreakerSettings, type RunningGateway, type ScenarioDirectoryOptions } from '@civicgraph/gateway';
import { feedRoutes, generateWebhookSigningKey, startFeedDispatcher, type WebhookSigningKey } from '@civicgraph/change-feeds';
import { createLegalEntitySubgraph } from '@civicgraph/legal-entity-subgraph';
import { createPopulationSubgraph } from '@civicgraph/population-subgraph';
import { DEFAULT_SUBGRAPH_PORTS, SUBGRAPH_NAMES, negativeList, readCatalog, readSupergraphSdl, type SubgraphName } from '@civicgraph/schema';
import { createLogger, forOperators, sendJson, type AdmissionSettings, type Logger, type RouteHandler, type SubgraphExecutor } from '@civicgraph/server';
import { createSpatialSubgraph } from '@civicgraph/spatial-subgraph';
import { serveSubgraph, startSubgraphInProcess, type Subgraph } from '@civicgraph/subgraph-kit';
import { createRequestLog } from '@civicgraph/audit';
import type { Database } from '@civicgraph/db';
import type { PlatformDatabases } from './cityDatabases';
import { startQualitySupervisor, type QualitySupervisorOptions } from './qualitySupervisor';
import { cityChangesRoute } from './demo/cityChanges';

export interface StartCivicGraphOptions {
  /** Every database, migrated. */
  dbs: PlatformDatabases;
  /** Signs the request context the gateway forwards. Default: a key made for this process. */
  contextKey?: ContextSigningKey;
  /** The identity provider whose subject tokens the gateway accepts. */
  subjectTokens?: SubjectTokenVerifier;
  /** The governance subgraph's clock (share-request dates and deadlines). Default: the system clock; tests move it. */
  governanceClock?: () => Date;
  /** Scenario cache settings (tests shorten it). */
  directory?: ScenarioDirectoryOptions;
  logger: Logger;
  /** Gateway port; 0 picks a free one. Default 4000. */
  port?: number;
  /** Subgraph ports; 0 picks free ones. Default 4001–4005. */
  subgraphPorts?: Partial<Record<SubgraphName, number>> | 0;
  /**
   * `http` (default): each subgraph on its own port, every fetch over HTTP, as in production.
   * `in-process`: single-process mode, the subgraphs inside the gateway's process, their executors called
   * with the gateway's objects — no socket, no JSON — and every check the same (signed context verified,
   * shield, disclosure log, errors).
   */
  transport?: 'http' | 'in-process';
  /** Interface to listen on. Default 127.0.0.1. */
  host?: string;
  /** The operators' token for every service's `/metrics`; without one the route is off. */
  metricsToken?: string;
  /** Failed authentications a source or key prefix may make in a minute (the gateway's default: 20). */
  failedAuthenticationsPerMinute?: number;
  /** How long a request may take before its owners are cut off (the gateway's default: 10,000 ms). */
  requestTimeoutMs?: number;
  /** Where the gateway keeps request records while the governance database cannot be written. Default: none (such a response is withheld). */
  requestLogSpoolFile?: string;
  /** The gateway's circuit breakers per owner (see the gateway's defaults). */
  breakers?: BreakerSettings;
  /** The gateway's bound on requests in flight and waiting (see the gateway's defaults). */
  admission?: AdmissionSettings;
  /** Requests one open-API client may send in 24 hours (default 10,000). */
  openRequestsPerDay?: number;
  /** Records per page of a bulk export of an open dataset (default 100). */
  openExportPageSize?: number;
  /** The governance console at `/console` on the gateway: its sessions' limits and OpenID Connect provider. Off without it. */
  console?: ConsoleSettings;
  /** The change feeds' dispatcher: its signing keys (default: one made for this process), retry waits and polling; `false` runs none. */
  feeds?: FeedSettings | false;
  /**
   * The demo city only: `POST /operations/city-changes` (operators' token) makes registry changes — births, deaths,
   * moves, deregistrations, revocations — in the owners' databases, for `civicgraph changes` beside a running server.
   */
  cityChanges?: boolean;
  /** The quality supervisor's schedule and clocks; `false` runs none. */
  quality?: Pick<QualitySupervisorOptions, 'schedule' | 'pollMs' | 'asOf' | 'now'> | false;
}

export interface FeedSettings {
  /** The Ed25519 keys that sign webhooks; every one signs (rotation: add the new key, remove the old one later). */
  signingKeys?: WebhookSigningKey[];
  retryDelaysMs?: readonly number[];
  pollMs?: number;
}

export interface ConsoleSettings {
  sessions?: SessionLimits;
  /** The city's OpenID Connect provider; without it, staff sign in with local accounts only. */
  oidc?: OidcSettings;
  /** Clock for sessions (tests of timeouts). */
  now?: () => Date;
}

export interface RunningCivicGraph {
  /** The gateway's GraphQL endpoint. */
  url: string;
  subgraphUrls: Record<SubgraphName, string>;
  subgraphs: Record<SubgraphName, Subgraph>;
  /** The change feeds' dispatcher (absent with `feeds: false`). */
  feeds?: FeedControl;
  stop(): Promise<void>;
}

/** The change feeds of a running city: the keys that sign webhooks, and the dispatcher's stop and start (what a restart does). */
export interface FeedControl {
  signingKeys: readonly WebhookSigningKey[];
  stopDispatcher(): Promise<void>;
  startDispatcher(): Promise<void>;
  /** Prunes the outboxes now (the dispatcher does it hourly); the rows deleted. */
  pruneOutbox(): Promise<number>;
}

export interface SubgraphSettings {
  /** The governance subgraph's clock (share-request dates and deadlines). Default: the system clock. */
  governanceClock?: () => Date;
}

/** One subgraph over its own database: what a process of its own serves in production. */
export function createSubgraph(name: SubgraphName, db: Database, contextTrust: ContextTrust, { governanceClock }: SubgraphSettings = {}): Subgraph {
  switch (name) {
    case 'population':
      return createPopulationSubgraph({ db, contextTrust });
    case 'legal-entity':
      return createLegalEntitySubgraph({ db, contextTrust });
    case 'spatial':
      return createSpatialSubgraph({ db, contextTrust });
    case 'e-license':
      return createELicenseSubgraph({ db, contextTrust });
    case 'governance':
      return createGovernanceSubgraph({ db, contextTrust, now: governanceClock });
  }
}

/** The subgraphs beside the gateway whose key they trust (one process, tests): each with its own binding key. */
export function createSubgraphs(dbs: PlatformDatabases, contextKey: ContextSigningKey, settings: SubgraphSettings = {}): Record<SubgraphName, Subgraph> {
  return Object.fromEntries(SUBGRAPH_NAMES.map((name) => [name, createSubgraph(name, dbs[name], contextTrustFor(contextKey, name), settings)])) as Record<
    SubgraphName,
    Subgraph
  >;
}

export interface StartGatewayOptions extends Pick<
  StartCivicGraphOptions,
  | 'subjectTokens'
  | 'directory'
  | 'failedAuthenticationsPerMinute'
  | 'requestTimeoutMs'
  | 'logger'
  | 'port'
  | 'host'
  | 'metricsToken'
  | 'requestLogSpoolFile'
  | 'breakers'
  | 'admission'
  | 'openRequestsPerDay'
  | 'openExportPageSize'
  | 'console'
> {
  /** Only the governance database is used: scenarios, keys and grants, and the request log. */
  dbs: Pick<PlatformDatabases, 'governance'>;
  contextKey: ContextSigningKey;
  /** Where each subgraph answers (for those in `inProcess`, a name for logs: `in-process://<name>/graphql`). */
  subgraphUrls: Record<SubgraphName, string>;
  inProcess?: Partial<Record<SubgraphName, SubgraphExecutor>>;
  /** Shared with the change feeds' dispatcher, whose re-reads name the subscribing application; without it the gateway serves no feeds. */
  feedAssertions?: FeedAssertions;
  /** The change feeds' routes under `/feeds` (the dispatcher composes them). */
  feeds?: RouteHandler;
  /** Operators' routes under `/operations`. */
  operations?: RouteHandler;
}

/**
 * Starts the gateway alone, over subgraphs served elsewhere: the production shape's gateway process
 * (and the benchmark's, whose subgraphs run in a process of their own).
 */
export async function startGateway(
  options: StartGatewayOptions,
): Promise<{ url: string; authenticateKeyed: RunningGateway['authenticateKeyed']; stop(): Promise<void> }> {
  const { dbs, logger } = options;
  const requestLog = createRequestLog(dbs.governance, { spoolFile: options.requestLogSpoolFile });
  const governance = new GovernanceClient({ adapter: dbs.governance.adapter });
  const directory = createScenarioDirectory(governance, options.directory);
  // The console and this gateway share a secret for naming the person behind the console's requests.
  const staffAssertions = options.console ? createStaffAssertions() : undefined;
  let url = '';
  if (options.console) await ensureConsoleAccess(governance);
  // The open scenario follows the catalog this release was built with.
  await ensureOpenAccess(governance);
  const consoleRoutes =
    options.console &&
    createConsoleRoutes({
      prisma: governance,
      staffAssertions: staffAssertions!,
      gatewayUrl: () => url,
      sessions: options.console.sessions,
      oidc: options.console.oidc && createOidcSignIn(options.console.oidc),
      now: options.console.now,
      logger: createLogger({ name: 'console', level: logger.level }),
    });
  const gateway = await serveGateway({
    staffAssertions,
    feedAssertions: options.feedAssertions,
    console: consoleRoutes || undefined,
    feeds: options.feeds,
    operations: options.operations,
    inProcess: options.inProcess ?? {},
    port: options.port ?? 4000,
    host: options.host,
    subgraphUrls: options.subgraphUrls,
    directory,
    contextKey: options.contextKey.privateKey,
    subjectTokens: options.subjectTokens,
    requestLog,
    metricsToken: options.metricsToken,
    failedAuthenticationsPerMinute: options.failedAuthenticationsPerMinute,
    requestTimeoutMs: options.requestTimeoutMs,
    breakers: options.breakers,
    admission: options.admission,
    openRequestsPerDay: options.openRequestsPerDay,
    openExportPageSize: options.openExportPageSize,
    logger: createLogger({ name: 'gateway', level: logger.level }),
  });
  url = gateway.url;
  return {
    url: `${gateway.url}/graphql`,
    authenticateKeyed: gateway.authenticateKeyed,
    async stop() {
      await gateway.close();
      await requestLog.close();
    },
  };
}

/**
 * Starts the five subgraphs and the gateway in this process, each on its own HTTP port, so every
 * subgraph fetch crosses HTTP exactly as in production (where each runs as its own process).
 */
export async function startCivicGraph(options: StartCivicGraphOptions): Promise<RunningCivicGraph> {
  const { dbs, logger, host } = options;
  const contextKey = options.contextKey ?? generateContextSigningKey();
  const subgraphs = createSubgraphs(dbs, contextKey, { governanceClock: options.governanceClock });
  const servers: { close(): Promise<void> }[] = [];
  try {
    const subgraphUrls = {} as Record<SubgraphName, string>;
    const inProcess: Partial<Record<SubgraphName, SubgraphExecutor>> = {};
    for (const name of SUBGRAPH_NAMES) {
      const subgraphLogger = createLogger({ name, level: logger.level });
      if (options.transport === 'in-process') {
        const local = await startSubgraphInProcess(subgraphs[name], subgraphLogger);
        servers.push(local);
        inProcess[name] = local.execute;
        subgraphUrls[name] = `in-process://${name}/graphql`;
        continue;
      }
      const port = options.subgraphPorts === 0 ? 0 : (options.subgraphPorts?.[name] ?? DEFAULT_SUBGRAPH_PORTS[name]);
      const server = await serveSubgraph(subgraphs[name], { port, host, logger: subgraphLogger, metricsToken: options.metricsToken });
      servers.push(server);
      subgraphUrls[name] = `${server.url}/graphql`;
    }
    const feedAssertions = options.feeds === false ? undefined : createFeedAssertions();
    // The feeds' routes need the dispatcher, which needs the gateway's address: bound once both run.
    let feeds: RouteHandler | undefined;
    const gateway = await startGateway({
      ...options,
      contextKey,
      subgraphUrls,
      inProcess,
      feedAssertions,
      operations: options.cityChanges ? forOperators(options.metricsToken, 'City changes are', cityChangesRoute(dbs)) : undefined,
      feeds:
        feedAssertions &&
        ((req, res) =>
          feeds ? feeds(req, res) : sendJson(res, 503, { errors: [{ message: 'Change feeds are starting', extensions: { code: 'UNAVAILABLE' } }] })),
    });
    servers.push({ close: gateway.stop });
    let feedControl: FeedControl | undefined;
    if (feedAssertions && options.feeds !== false) {
      const neverGranted = negativeList(readCatalog(readSupergraphSdl()));
      const signingKeys = options.feeds?.signingKeys ?? [generateWebhookSigningKey().key];
      const start = () =>
        startFeedDispatcher({
          governance: dbs.governance,
          owners: { population: dbs.population, 'legal-entity': dbs['legal-entity'], 'e-license': dbs['e-license'] },
          gatewayUrl: gateway.url,
          feedAssertions,
          signingKeys,
          neverGranted,
          retryDelaysMs: options.feeds ? options.feeds.retryDelaysMs : undefined,
          pollMs: options.feeds ? options.feeds.pollMs : undefined,
          logger: createLogger({ name: 'feeds', level: logger.level }),
        });
      let dispatcher = await start();
      const authenticate = async (req: IncomingMessage) => {
        const caller = await gateway.authenticateKeyed(req);
        if (caller instanceof Error) throw caller;
        return { applicationId: caller.applicationId, scenarioCode: caller.scenario.code };
      };
      feeds = feedRoutes(dispatcher, dbs.governance, neverGranted, authenticate);
      feedControl = {
        signingKeys,
        stopDispatcher: () => dispatcher.stop(),
        pruneOutbox: () => dispatcher.pruneOutbox(),
        async startDispatcher() {
          dispatcher = await start();
          feeds = feedRoutes(dispatcher, dbs.governance, neverGranted, authenticate);
        },
      };
      servers.push({ close: () => dispatcher.stop() });
    }
    if (options.quality !== false) {
      const supervisor = await startQualitySupervisor({
        dbs,
        gatewayUrl: gateway.url,
        logger: createLogger({ name: 'quality', level: logger.level }),
        now: options.governanceClock,
        ...options.quality,
      });
      servers.push({ close: supervisor.stop });
    }
    return {
      url: gateway.url,
      subgraphUrls,
      subgraphs,
      feeds: feedControl,
      async stop() {
        // Gateway first, so nothing new reaches the subgraphs while they close.
        for (const server of servers.reverse()) await server.close();
      },
    };
  } catch (error) {
    for (const server of servers.reverse()) await server.close();
    throw error;
  }
}
