import type { KeyObject } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { ApolloGateway } from '@apollo/gateway';
import type { Caller, ScenarioDirectory } from '@civicgraph/governance';
import { SUBJECT_TOKEN_HEADER, SubjectTokenError, verifySubjectToken, type GrantEnforcement, type SubjectTokenVerifier } from '@civicgraph/policy';
import { readCatalog, readSupergraphSdl, subgraphTypeDefs, type SubgraphName } from '@civicgraph/schema';
import type { AuditLog, RequestRecord } from '@civicgraph/audit';
import { pendingMigrations } from '@civicgraph/db';
import { migrationSourceOf } from '@civicgraph/prisma';
import {
  auditUnavailableResponse,
  createApolloServer,
  createGraphQLHandler,
  createHealthHandler,
  createMetricsHandler,
  headerOf,
  headerText,
  observeExchange,
  outcomesOf,
  recordOperationOutcomes,
  type OperationOutcome,
  startHttpServer,
  type Exchange,
  type GraphQLHandlerOptions,
  type Logger,
  type RawGraphQLResponse,
  type RequestInfo,
  type RunningServer,
} from '@civicgraph/server';
import { badUserInputs, refuseRequest } from '@civicgraph/errors';
import { Kind, type DocumentNode, type GraphQLError } from 'graphql';
import type { ApolloServerPlugin } from '@apollo/server';
import { createReachCache } from './operationReach';
import { createSubgraphFetcher, type InProcessExecutor } from './createSubgraphFetcher';
import type { GatewayContext } from './GatewayContext';
import { disclosedRecords, SubgraphDataSource } from './SubgraphDataSource';
import { useScenarioAuthorization } from './useScenarioAuthorization';
import { useRequestBudgets, type RequestBudgets } from './useRequestBudgets';

export interface GatewayOptions {
  /** Where each subgraph listens; defaults to the URLs recorded in the supergraph. `in-process://<name>/graphql` for one in `inProcess`. */
  subgraphUrls?: Partial<Record<SubgraphName, string>>;
  /** Subgraphs running in this process (single-process mode), by name. */
  inProcess?: Partial<Record<SubgraphName, InProcessExecutor>>;
  /** The composed supergraph SDL. Default: the committed `schema/supergraph.graphql`. */
  supergraphSdl?: string;
  /** Resolves API keys to applications and scenarios. */
  directory: ScenarioDirectory;
  /** Ed25519 private key that signs the request context sent to subgraphs. */
  contextKey: KeyObject;
  /** The identity provider whose tokens name the citizen an app acts for (`X-Subject-Token`). Without it, subject tokens are refused. */
  subjectTokens?: SubjectTokenVerifier;
  /** Default `enforced`; see GrantEnforcement. */
  enforcement?: GrantEnforcement;
  /**
   * The request log (in the governance database): every operation is recorded there before its response
   * is released. `off-for-benchmark` only for the benchmark's baseline.
   */
  requestLog: AuditLog<RequestRecord> | 'off-for-benchmark';
  /**
   * While at most this many requests are in flight here, the owners answer before committing what they
   * disclose and confirm the commit on a second line (the response waits for it): their commits overlap
   * the rest of the query plan, which saves latency on idle machines. With more in flight each owner
   * commits first and answers once: under load the confirmation's extra write, read and wake-up cost more
   * CPU than the overlap saves. Measured with the benchmark's topology on PostgreSQL, citizen profile:
   * overlapping, p50 30 against 33 ms at 1 connection, equal at 2, and throughput −6 % at 4, −9 % at 8,
   * −18 % at 20 connections. Default 2; 0 never overlaps. Subgraphs in this process always overlap (no socket).
   */
  overlapCommitsUpTo?: number;
  /** How large one request may be (depth, aliases, tokens, estimated rows, batch size); see RequestBudgets for the defaults. */
  budgets?: RequestBudgets;
  logger: Logger;
}

/** Object type names a subgraph's SDL defines or extends (Query included). */
function objectTypeNames(typeDefs: DocumentNode): Set<string> {
  return new Set(
    typeDefs.definitions.flatMap((d) => (d.kind === Kind.OBJECT_TYPE_DEFINITION || d.kind === Kind.OBJECT_TYPE_EXTENSION ? [d.name.value] : [])),
  );
}

/** Longest accepted `X-Use-Reason` (申请事由), in characters. */
export const MAX_USE_REASON_LENGTH = 200;
/** Longest accepted correlation id (a client's `X-Request-Id`), in characters: the audit column's width. */
const MAX_CORRELATION_ID_LENGTH = 128;

/** The citizen named by a valid `X-Subject-Token`, or null without one; self-only scenarios require it. */
async function subjectOf(info: RequestInfo, caller: Caller, verifier: SubjectTokenVerifier | undefined): Promise<string | null> {
  const token = headerOf(info, SUBJECT_TOKEN_HEADER)?.trim();
  if (!token) {
    if (caller.scenario.constraints.selfOnly) {
      throw refuseRequest('UNAUTHENTICATED', `Scenario "${caller.scenario.code}" reads only the citizen's own records: send the citizen's X-Subject-Token`);
    }
    return null;
  }
  if (!verifier) throw refuseRequest('UNAUTHENTICATED', 'This gateway accepts no subject tokens: no identity provider is configured');
  try {
    return await verifySubjectToken(token, verifier);
  } catch (error) {
    throw refuseRequest('UNAUTHENTICATED', error instanceof SubjectTokenError ? error.message : 'The subject token is not valid');
  }
}

/**
 * Authenticates the app, then reads the subject and the use reason. Once the app is known, a refusal (a
 * header that cannot be stored, a missing use reason, a bad subject token) is kept on the context rather
 * than thrown, so the request log records it with who sent it; `refuseUnexecutable` answers it.
 */
async function createContext(directory: ScenarioDirectory, verifier: SubjectTokenVerifier | undefined, info: RequestInfo): Promise<Omit<GatewayContext, 'overlapCommits'>> {
  const caller = await directory.authenticate(headerOf(info, 'authorization'), headerOf(info, 'x-scenario'));
  const useReason = headerText(headerOf(info, 'x-use-reason'), 'X-Use-Reason', MAX_USE_REASON_LENGTH);
  const correlationId = headerText(info.correlationId, 'X-Request-Id', MAX_CORRELATION_ID_LENGTH);
  const context: Omit<GatewayContext, 'overlapCommits'> = {
    requestId: info.requestId,
    correlationId: correlationId.value,
    caller,
    useReason: useReason.value,
    subject: null,
    disclosureCommits: [],
    rowsEstimated: { rows: 0, searchRows: 0 },
    refusal: undefined,
  };
  const problems = [useReason.problem, correlationId.problem].filter((p) => p !== undefined);
  if (problems.length) context.refusal = refuseRequest('BAD_USER_INPUT', badUserInputs(problems).message, { problems });
  else if (!useReason.value && caller.scenario.useReasonRequired) {
    context.refusal = refuseRequest('FORBIDDEN', `Scenario "${caller.scenario.code}" requires a use reason: send the X-Use-Reason header`);
  } else {
    try {
      context.subject = await subjectOf(info, caller, verifier);
    } catch (refusal) {
      context.refusal = refusal as GraphQLError;
    }
  }
  return context;
}

/**
 * Refuses, before the query planner sees it, an operation the gateway must not execute: one of a request
 * refused while its context was built (see createContext), answered with that refusal; and one the
 * document does not define (the planner would fail it as an internal error).
 */
const refuseUnexecutable: ApolloServerPlugin<GatewayContext> = {
  async requestDidStart({ contextValue }) {
    return {
      async didResolveOperation({ operation, request }) {
        if (contextValue.refusal) throw contextValue.refusal;
        if (!operation) {
          const name = request.operationName;
          throw refuseRequest(
            'OPERATION_RESOLUTION_FAILURE',
            name ? `The document defines no operation named ${JSON.stringify(name)}` : 'The document defines several operations: name one in operationName',
          );
        }
      },
    };
  },
};

/** The operations of a response withheld because its audit records could not all be committed. */
const withheld = (outcomes: OperationOutcome[]): OperationOutcome[] => outcomes.map((o) => ({ ...o, executed: false, errorCodes: ['AUDIT_UNAVAILABLE'] }));

/**
 * The request log's step before delivery: one record per operation — who, under which scenario and
 * version, for whom and why, what it could reach, what was decided, how many records the owners
 * disclosed, how long it took — committed (group commit) before the response is released. If the log
 * cannot be written, the response is withheld with AUDIT_UNAVAILABLE.
 */
function auditBeforeDelivery(requestLog: AuditLog<RequestRecord> | 'off-for-benchmark', logger: Logger) {
  return async (exchange: Exchange<GatewayContext>): Promise<RawGraphQLResponse> => {
    const { context, arrivedAt, requestId } = exchange;
    const caller = context?.caller;
    // The owners answered before committing what they disclosed: nothing leaves before all of it is durable.
    const ownersCommitted = (await Promise.all(context?.disclosureCommits ?? [])).every(Boolean);
    const outcomes = ownersCommitted ? outcomesOf(exchange) : withheld(outcomesOf(exchange));
    if (!ownersCommitted) logger.error({ requestId }, 'a disclosure log was unavailable: response withheld');
    if (requestLog !== 'off-for-benchmark') {
      const durationMs = Math.round(performance.now() - exchange.startedAt);
      const records: RequestRecord[] = outcomes.map((o) => ({
        requestId,
        at: arrivedAt,
        app: caller?.applicationId ?? null,
        department: caller?.departmentCode ?? null,
        scenario: caller?.scenario.code ?? null,
        grantVersion: caller?.scenario.version ?? null,
        subject: context?.subject ?? null,
        useReason: context?.useReason ?? null,
        correlationId: context ? context.correlationId : headerText(exchange.correlationId, 'X-Request-Id', MAX_CORRELATION_ID_LENGTH).value,
        operationIndex: o.index,
        operationName: o.operationName,
        documentHash: o.documentHash,
        coordinates: o.coordinates,
        decision: o.executed ? 'ALLOWED' : 'REFUSED',
        errorCodes: o.errorCodes,
        records: o.records,
        durationMs,
      }));
      try {
        await requestLog.append(records);
      } catch (error) {
        logger.error({ err: error, requestId }, 'request log unavailable: response withheld');
        observeExchange('gateway', caller?.scenario.code ?? null, withheld(outcomes), exchange.startedAt);
        return auditUnavailableResponse(exchange.response);
      }
    }
    observeExchange('gateway', caller?.scenario.code ?? null, outcomes, exchange.startedAt);
    return ownersCommitted ? exchange.response : auditUnavailableResponse(exchange.response);
  };
}

/** The gateway's Apollo Server over the static supergraph; `serveGateway` puts it on HTTP. */
export function createGateway({
  subgraphUrls = {},
  inProcess,
  supergraphSdl = readSupergraphSdl(),
  directory,
  contextKey,
  subjectTokens,
  enforcement,
  requestLog,
  overlapCommitsUpTo = 2,
  budgets,
  logger,
}: GatewayOptions) {
  const { fetcher, close: closeFetcher } = createSubgraphFetcher({ inProcess: inProcess as Record<string, InProcessExecutor> | undefined });
  // The negative list (sharing NONE) is never served, whatever a grant row says.
  const negativeList: ReadonlySet<string> = new Set(readCatalog(supergraphSdl).entries.filter((e) => e.sharing === 'NONE').map((e) => e.coordinate));
  const gateway = new ApolloGateway({
    supergraphSdl,
    buildService: ({ name, url }) =>
      new SubgraphDataSource(
        { url: subgraphUrls[name as SubgraphName] ?? url, fetcher },
        name,
        contextKey,
        objectTypeNames(subgraphTypeDefs(name as SubgraphName)),
        negativeList,
      ),
    logger: { debug: () => {}, info: (m) => logger.info(m), warn: (m) => logger.warn(m), error: (m) => logger.error(m) },
  });
  const reachOf = createReachCache();
  // The request log's view of each operation: what it could reach, what the owners disclosed for it.
  const outcomes = recordOperationOutcomes<GatewayContext>(({ document, operation, operationName, schema, queryHash, contextValue }) => ({
    // Only a resolved operation reaches anything: a name the document does not define reaches nothing.
    coordinates: document && operation ? [...reachOf(schema, document, operationName, queryHash).coordinates].sort() : [],
    records: disclosedRecords.get(contextValue) ?? 0,
  }));
  // Batched (array) requests are allowed; the authorization plugin checks each operation on its own.
  const limits = useRequestBudgets(budgets);
  const plugins = [outcomes, refuseUnexecutable, limits.plugin];
  if (enforcement !== 'off-for-benchmark') plugins.push(useScenarioAuthorization(directory, negativeList, reachOf));
  const apollo = createApolloServer<GatewayContext>({ gateway, allowBatchedHttpRequests: true, plugins, parseOptions: limits.parseOptions }, logger);
  // Requests between their context and their delivery (refused ones included): how loaded this gateway is.
  // One that never reached delivery would leave the count high, which errs towards committing first.
  let inFlight = 0;
  const deliver = auditBeforeDelivery(requestLog, logger);
  const handlerOptions: GraphQLHandlerOptions<GatewayContext> = {
    service: 'gateway',
    requestIds: 'generated',
    maxBatchOperations: limits.maxBatch,
    context: async (info: RequestInfo) => {
      const context = await createContext(directory, subjectTokens, info);
      inFlight++;
      // Added to the fresh context rather than spread into a copy (slow on Node.js 20; see graphqlHandler).
      return Object.assign(context, { overlapCommits: inFlight <= overlapCommitsUpTo });
    },
    beforeDelivery: (exchange) => {
      if (exchange.context) inFlight--;
      return deliver(exchange);
    },
  };
  return { apollo, gateway, closeFetcher, handlerOptions };
}

export interface ServeGatewayOptions extends GatewayOptions {
  port: number;
  host?: string;
  /** The operators' token for `/metrics`; without one the route is off. */
  metricsToken?: string;
}

/** Serves the gateway on `/graphql` with `/health`, `/ready` and `/metrics`. */
export async function serveGateway(options: ServeGatewayOptions): Promise<RunningServer> {
  const { apollo, closeFetcher, handlerOptions } = createGateway(options);
  const { requestLog } = options;
  // Ready when the governance database (scenarios, request log) answers and is migrated.
  const readiness: Record<string, () => Promise<unknown>> =
    requestLog === 'off-for-benchmark'
      ? {}
      : {
          database: () => requestLog.db.query('SELECT 1'),
          migrations: async () => {
            const pending = await pendingMigrations(requestLog.db, migrationSourceOf('governance'));
            if (pending.length) throw new Error(`${pending.length} migrations pending`);
          },
        };
  await apollo.start();
  const server = await startHttpServer({
    port: options.port,
    host: options.host,
    routes: {
      '/graphql': createGraphQLHandler(apollo, handlerOptions),
      '/health': createHealthHandler('gateway', {}),
      '/ready': createHealthHandler('gateway', readiness),
      '/metrics': createMetricsHandler('gateway', options.metricsToken),
    },
    onError: (error) => options.logger.error({ err: error }, 'request failed'),
  });
  return {
    ...server,
    async close() {
      await server.close();
      await apollo.stop();
      await closeFetcher();
    },
  };
}
