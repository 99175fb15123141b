import { performance } from 'node:perf_hooks';
import type { ApolloServerPlugin } from '@apollo/server';
import type { AuditLog, Released, RequestRecord } from '@civicgraph/audit';
import {
  auditUnavailableResponse,
  headerText,
  observeExchange,
  outcomesOf,
  recordOperationOutcomes,
  type Exchange,
  type Logger,
  type OperationOutcome,
  type RawGraphQLResponse,
} from '@civicgraph/server';
import type { GatewayContext } from './GatewayContext';
import type { ReachOf } from './operationReach';
import { metricsOf } from '@civicgraph/observability';

/** Longest accepted correlation id (a client's `X-Request-Id`), in characters: the audit column's width. */
export const MAX_CORRELATION_ID_LENGTH = 128;

/** The operations of a response withheld because its audit records could not all be committed. */
const withheld = (outcomes: OperationOutcome[]): OperationOutcome[] =>
  outcomes.map((o) => ({ ...o, executed: false, dataReleased: false, errorCodes: ['AUDIT_UNAVAILABLE'] }));

/** What a response released of an operation's data: errors beside data mean an owner's fields are missing. */
function releasedBy(outcome: OperationOutcome): Released {
  if (!outcome.executed || !outcome.dataReleased) return 'NONE';
  return outcome.errorCodes.length ? 'PARTIAL' : 'DELIVERED';
}

export interface RequestLog {
  /** Collects each operation's outcome: what it could reach, what the owners disclosed for it. */
  plugin: ApolloServerPlugin<GatewayContext>;
  /** An owner disclosed (and committed) `records` for this operation (its context). */
  disclosed(operation: object, records: number): void;
  /** The step before delivery (GraphQLHandlerOptions.beforeDelivery): every request, refused ones included. */
  beforeDelivery(exchange: Exchange<GatewayContext>): Promise<RawGraphQLResponse>;
}

/**
 * The gateway's request log (请求日志), its state inside it: one record per operation — who, under which
 * scenario and version, for whom and why, what it could reach, what was decided, how many records the
 * owners disclosed, how long it took — committed (group commit) before the response is released, for
 * every request, refused ones included. If the log cannot be written, or an owner could not commit what it
 * disclosed (`ownersFailed` on the request), the response is withheld: HTTP 503 AUDIT_UNAVAILABLE.
 */
export function useRequestLog(requestLog: AuditLog<RequestRecord>, reachOf: ReachOf, logger: Logger): RequestLog {
  // By operation: Apollo Server gives each operation of a batch its own copy of the context.
  const disclosedBy = new WeakMap<object, number>();
  const plugin = recordOperationOutcomes<GatewayContext>(({ document, operation, operationName, schema, queryHash, contextValue }) => ({
    // Only a resolved operation reaches anything: a name the document does not define reaches nothing.
    coordinates: document && operation ? [...reachOf(schema, document, operationName, queryHash).coordinates].sort() : [],
    records: disclosedBy.get(contextValue) ?? 0,
  }));

  async function beforeDelivery(exchange: Exchange<GatewayContext>): Promise<RawGraphQLResponse> {
    const { context, arrivedAt, requestId } = exchange;
    const caller = context?.caller;
    const ownersCommitted = !context?.owners.auditFailed;
    const outcomes = ownersCommitted ? outcomesOf(exchange) : withheld(outcomesOf(exchange));
    if (!ownersCommitted) logger.error({ requestId }, 'a disclosure log was unavailable: response withheld');
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
      released: releasedBy(o),
      person: caller?.person ?? null,
      client: caller?.client ?? null,
    }));
    try {
      await requestLog.append(records);
    } catch (error) {
      logger.error({ err: error, requestId }, 'request log unavailable: response withheld');
      observeExchange('gateway', caller?.scenario.code ?? null, withheld(outcomes), exchange.startedAt);
      if (caller) observeApplication(caller.applicationId, caller.scenario.code, withheld(outcomes));
      return accessLogged(auditUnavailableResponse(exchange.response), records, 'NONE');
    }
    observeExchange('gateway', caller?.scenario.code ?? null, outcomes, exchange.startedAt);
    if (caller) observeApplication(caller.applicationId, caller.scenario.code, outcomes);
    return accessLogged(ownersCommitted ? exchange.response : auditUnavailableResponse(exchange.response), records);
  }

  /** The access log: one line per HTTP request, for operators (the request log is the audit record). */
  function accessLogged(response: RawGraphQLResponse, records: readonly RequestRecord[], released?: Released): RawGraphQLResponse {
    if (logger.isLevelEnabled('info')) {
      const [first] = records;
      logger.info(
        {
          requestId: first?.requestId,
          correlationId: first?.correlationId,
          application: first?.app,
          scenario: first?.scenario,
          ...(first?.person ? { person: first.person } : {}),
          ...(first?.client ? { client: first.client } : {}),
          operations: records.map((r) => r.operationName),
          status: response.status,
          durationMs: first?.durationMs,
          rows: records.reduce((sum, r) => sum + r.records, 0),
          released: records.map((r) => released ?? r.released),
          errorCodes: [...new Set(records.flatMap((r) => r.errorCodes))],
        },
        'request',
      );
    }
    return response;
  }

  return {
    plugin,
    disclosed: (operation, records) => disclosedBy.set(operation, (disclosedBy.get(operation) ?? 0) + records),
    beforeDelivery,
  };
}

/** Per application: its operations by decision, and the records delivered to it. */
function observeApplication(application: string, scenario: string, outcomes: readonly OperationOutcome[]): void {
  const metrics = metricsOf('gateway');
  for (const o of outcomes) metrics.applicationOperations.inc({ application, scenario, decision: o.executed ? 'allowed' : 'refused' });
  const rows = outcomes.reduce((sum, o) => sum + (o.executed ? o.records : 0), 0);
  if (rows) metrics.applicationRows.inc({ application, scenario }, rows);
}
