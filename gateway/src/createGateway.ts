import type { KeyObject } from 'node:crypto';
import type { ScenarioDirectory } from './scenarioDirectory';
import type { FeedAssertions, StaffAssertions, SubjectTokenVerifier } from '@civicgraph/policy';
import { negativeList, readCatalog, readSupergraphSdl, subgraphTypeDefs, type SubgraphName } from '@civicgraph/schema';
import { REQUEST_LOG, verifyChain, type AuditLog, type RequestRecord } from '@civicgraph/audit';
import { pendingMigrations } from '@civicgraph/db';
import { migrationSourceOf } from '@civicgraph/prisma';
import {
  createAdmission,
  createApolloServer,
  createAuditVerifyHandler,
  createGraphQLExecutor,
  createGraphQLHandler,
  createHealthHandler,
  createMetricsHandler,
  startHttpServer,
  type AdmissionSettings,
  type GraphQLHandlerOptions,
  type Logger,
  type RequestInfo,
  type RouteHandler,
  type RunningServer,
  type SubgraphExecutor,
} from '@civicgraph/server';
import { Kind, type DocumentNode, type GraphQLError } from 'graphql';
import type { IncomingMessage } from 'node:http';
import { createContext } from './createContext';
import { refuseUnexecutable } from './refuseUnexecutable';
import { createReachCache } from './operationReach';
import { createHttpTransports, inProcessTransport } from './subgraphTransports';
import { createApolloGateway } from './apolloGateway';
import type { GatewayContext } from './GatewayContext';
import { isOwnerOutage, SubgraphDataSource } from './SubgraphDataSource';
import { useScenarioAuthorization } from './useScenarioAuthorization';
import { useRequestBudgets, type RequestBudgets } from './useRequestBudgets';
import { useRequestLog } from './useRequestLog';
import { createTrafficLimits } from './trafficLimits';
import { DEFAULT_REQUEST_TIMEOUT_MS } from './deadlines';
import { NOTHING_PERSISTED, useRegisteredOperations } from './useRegisteredOperations';
import { createOwnerBreakers, type BreakerSettings } from './ownerBreakers';
import { scenarioSchemaRoute } from './scenarioSchemaRoute';
import { ideRoutes, withIde } from './ide';
import { openDatasetRoutes } from './openDatasets';
import { sandboxRoute } from './sandboxRoute';
import { keyedCaller } from './routeCallers';
import type { Caller } from './scenarioDirectory';

export interface GatewayOptions {
  /** Where each subgraph listens; defaults to the URLs recorded in the supergraph. */
  subgraphUrls?: Partial<Record<SubgraphName, string>>;
  /** Subgraphs running in this process (single-process mode), by name: their executors are called directly, not over HTTP. */
  inProcess?: Partial<Record<SubgraphName, SubgraphExecutor>>;
  /** The composed supergraph SDL. Default: the committed `schema/supergraph.graphql`. */
  supergraphSdl?: string;
  /** Resolves API keys to applications and scenarios. */
  directory: ScenarioDirectory;
  /** Ed25519 private key that signs the request context sent to subgraphs. */
  contextKey: KeyObject;
  /** The identity provider whose tokens name the citizen an app acts for (`X-Subject-Token`). Without it, subject tokens are refused. */
  subjectTokens?: SubjectTokenVerifier;
  /** The governance console's word on the person behind its requests (see `STAFF_HEADER`); without it, the console is refused. */
  staffAssertions?: StaffAssertions;
  /** The change feeds' dispatcher's word on the subscription a re-read is for (see `FEED_HEADER`); without it, such requests are refused. */
  feedAssertions?: FeedAssertions;
  /** The request log (in the governance database): every operation is recorded there before its response is released. */
  requestLog: AuditLog<RequestRecord>;
  /** How long a request may take before the owners still working on it are cut off (TIMEOUT naming each). Default 10,000 ms. */
  requestTimeoutMs?: number;
  /** Failed authentications a source or key prefix may make in a minute before it is shut out for the rest of it. Default 20. */
  failedAuthenticationsPerMinute?: number;
  /** How large one request may be (depth, aliases, tokens, estimated rows, batch size); see RequestBudgets for the defaults. */
  budgets?: RequestBudgets;
  /** When an owner's circuit breaker opens and probes; see BreakerSettings for the defaults. */
  breakers?: BreakerSettings;
  /** How many requests execute and wait at once before the excess is shed (503 OVERLOADED); see AdmissionSettings. */
  admission?: AdmissionSettings;
  /** Requests one open-API client may send in 24 hours. Default 10,000. */
  openRequestsPerDay?: number;
  /** Records per page (per open-API request) of a bulk export of an open dataset. Default 100. */
  openExportPageSize?: number;
  logger: Logger;
}

/** Object type names a subgraph's SDL defines or extends (Query included). */
function objectTypeNames(typeDefs: DocumentNode): Set<string> {
  return new Set(typeDefs.definitions.flatMap((d) => (d.kind === Kind.OBJECT_TYPE_DEFINITION || d.kind === Kind.OBJECT_TYPE_EXTENSION ? [d.name.value] : [])));
}

/** The gateway's Apollo Server over the static supergraph; `serveGateway` puts it on HTTP. */
export function createGateway({
  subgraphUrls = {},
  inProcess,
  supergraphSdl = readSupergraphSdl(),
  directory,
  contextKey,
  subjectTokens,
  staffAssertions,
  feedAssertions,
  requestLog,
  failedAuthenticationsPerMinute,
  requestTimeoutMs = DEFAULT_REQUEST_TIMEOUT_MS,
  budgets,
  breakers: breakerSettings,
  admission: admissionSettings,
  openRequestsPerDay,
  logger,
}: GatewayOptions) {
  const http = createHttpTransports();
  const catalog = readCatalog(supergraphSdl);
  const neverGranted = negativeList(catalog);
  const catalogByCoordinate = new Map(catalog.entries.map((e) => [e.coordinate, { owner: e.owner, sharing: e.sharing, grade: e.grade }]));
  const catalogOf = (coordinate: string) => catalogByCoordinate.get(coordinate);
  const reachOf = createReachCache();
  const log = useRequestLog(requestLog, reachOf, logger);
  const breakers = createOwnerBreakers(isOwnerOutage, breakerSettings);
  const gateway = createApolloGateway({
    supergraphSdl,
    buildService: ({ name, url: recorded }) => {
      const local = inProcess?.[name as SubgraphName];
      const url = local ? `in-process:${name}` : (subgraphUrls[name as SubgraphName] ?? recorded!);
      return new SubgraphDataSource(
        url,
        local ? inProcessTransport(local) : http.transportTo(url),
        name,
        contextKey,
        objectTypeNames(subgraphTypeDefs(name as SubgraphName)),
        neverGranted,
        log.disclosed,
        breakers,
        logger,
      );
    },
    logger: { debug: () => {}, info: (m) => logger.info(m), warn: (m) => logger.warn(m), error: (m) => logger.error(m) },
  });
  const limits = useRequestBudgets(budgets);
  const traffic = createTrafficLimits(requestLog.db, failedAuthenticationsPerMinute, openRequestsPerDay);
  // Batched (array) requests are allowed; the authorization plugin checks each operation on its own.
  const plugins = [
    log.plugin,
    refuseUnexecutable,
    useRegisteredOperations,
    limits.plugin,
    useScenarioAuthorization(directory, neverGranted, reachOf, catalogOf),
  ];
  const apollo = createApolloServer<GatewayContext>(
    { gateway, allowBatchedHttpRequests: true, plugins, parseOptions: limits.parseOptions, persistedQueries: { cache: NOTHING_PERSISTED } },
    logger,
  );
  const admission = createAdmission('gateway', admissionSettings);
  const trusted = { staff: staffAssertions, feeds: feedAssertions };
  const handlerOptions: GraphQLHandlerOptions<GatewayContext> = {
    service: 'gateway',
    requestIds: 'generated',
    maxBatchOperations: limits.maxBatch,
    admission,
    context: (info: RequestInfo) => createContext(directory, subjectTokens, trusted, traffic, requestTimeoutMs, info),
    beforeDelivery: async (exchange) => {
      const response = await log.beforeDelivery(exchange);
      const quota = exchange.context?.rateLimit;
      if (quota) {
        response.headers['x-ratelimit-limit'] = String(quota.limit);
        response.headers['x-ratelimit-remaining'] = String(quota.remaining);
        response.headers['x-ratelimit-reset'] = String(quota.resetSeconds);
      }
      const caller = exchange.context?.caller;
      if (caller && response.status === 200) {
        const rows = (exchange.context?.operations ?? []).reduce((sum, o) => sum + o.records, 0);
        // The response is already on record; a quota count that fails is logged, not held against the client.
        await traffic.disclosed(caller, rows).catch((error: unknown) => logger.error({ err: error, requestId: exchange.requestId }, 'quota count failed'));
      }
      return response;
    },
  };
  const close = async () => {
    breakers.close();
    await http.close();
  };
  // The open API: the same server and every step the same, under the open scenario for anonymous clients.
  const openHandlerOptions: GraphQLHandlerOptions<GatewayContext> = {
    ...handlerOptions,
    context: (info: RequestInfo) => createContext(directory, subjectTokens, trusted, traffic, requestTimeoutMs, info, true),
  };
  const schemaRoute = scenarioSchemaRoute(supergraphSdl, directory, traffic, neverGranted, catalogOf);
  const openSchemaRoute = scenarioSchemaRoute(supergraphSdl, directory, traffic, neverGranted, catalogOf, true);
  const sandbox = sandboxRoute(supergraphSdl, directory, traffic, logger);
  return { apollo, gateway, close, breakers, admission, handlerOptions, openHandlerOptions, schemaRoute, openSchemaRoute, sandbox, traffic };
}

export interface ServeGatewayOptions extends GatewayOptions {
  port: number;
  host?: string;
  /** The operators' token for `/metrics`; without one the route is off. */
  metricsToken?: string;
  /** The governance console's routes, served under `/console` (composed by the platform; see `staffAssertions`). */
  console?: RouteHandler;
  /** The change feeds' routes, served under `/feeds` (composed by the platform; see `feedAssertions`). */
  feeds?: RouteHandler;
  /** Operators' routes composed by the platform, served under `/operations` (each checks the operators' token). */
  operations?: RouteHandler;
}

export interface RunningGateway extends RunningServer {
  /** Authenticates a keyed request to a route composed beside the gateway (`/feeds`) as `/graphql` would: failures counted, sources slowed. */
  authenticateKeyed(req: IncomingMessage): Promise<Caller | GraphQLError>;
}

/**
 * Serves the gateway on `/graphql` (and its IDE for browsers, at `/` too) with `/schema.graphql`, the open
 * API at `/open/graphql` and `/open/schema.graphql` (no key), `/health`, `/ready` and `/metrics`.
 */
export async function serveGateway(options: ServeGatewayOptions): Promise<RunningGateway> {
  const { apollo, close, breakers, admission, handlerOptions, openHandlerOptions, schemaRoute, openSchemaRoute, sandbox, traffic } = createGateway(options);
  const { requestLog } = options;
  // Ready when the governance database (scenarios, request log) answers and is migrated; owners that are out
  // are reported, not failed on: the gateway still serves the others' fields.
  const readiness = {
    database: () => requestLog.db.query('SELECT 1'),
    migrations: async () => {
      const pending = await pendingMigrations(requestLog.db, migrationSourceOf('governance'));
      if (pending.length) throw new Error(`${pending.length} migrations pending`);
    },
  };
  await apollo.start();
  const ide = ideRoutes();
  const server = await startHttpServer({
    port: options.port,
    host: options.host,
    prefixes: {
      '/open/datasets': openDatasetRoutes(createGraphQLExecutor(apollo, openHandlerOptions), options.openExportPageSize),
      ...(options.console ? { '/console': options.console } : {}),
      ...(options.feeds ? { '/feeds': options.feeds } : {}),
      ...(options.operations ? { '/operations': options.operations } : {}),
    },
    routes: {
      '/graphql': withIde(createGraphQLHandler(apollo, handlerOptions), ide.page),
      '/': ide.page,
      ...ide.assets,
      '/schema.graphql': schemaRoute,
      '/open/graphql': withIde(createGraphQLHandler(apollo, openHandlerOptions), ide.page),
      '/open/schema.graphql': openSchemaRoute,
      '/sandbox/graphql': sandbox,
      '/health': createHealthHandler('gateway', {}),
      '/ready': createHealthHandler('gateway', readiness, () => ({
        unavailableOwners: breakers.unavailable(),
        spooledRecords: requestLog.spooled(),
        requests: admission.load(),
      })),
      '/metrics': createMetricsHandler('gateway', options.metricsToken),
      '/audit/verify': createAuditVerifyHandler(options.metricsToken, async (anchors) => [
        {
          database: 'governance',
          ...(await verifyChain(
            requestLog.db,
            REQUEST_LOG,
            anchors.filter((a) => a.table === REQUEST_LOG.table),
          )),
        },
      ]),
    },
    onError: (error) => options.logger.error({ err: error }, 'request failed'),
  });
  return {
    ...server,
    authenticateKeyed: (req) => keyedCaller(req, options.directory, traffic),
    async close() {
      await server.close();
      await apollo.stop();
      await close();
    },
  };
}
