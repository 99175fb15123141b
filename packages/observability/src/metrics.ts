import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/**
 * One registry per process. In single-process mode the gateway and the subgraphs share it, which is why
 * every series carries a `service` label.
 */
export const registry = new Registry();

let processMetrics = false;
/**
 * Adds Node's process metrics (CPU, memory, event-loop lag, GC) to the registry. Called by each
 * deployable's entry point, not on import: the GC observer it installs lives as long as the process.
 */
export function collectProcessMetrics(): void {
  if (processMetrics) return;
  processMetrics = true;
  collectDefaultMetrics({ register: registry });
}

const LATENCY_BUCKETS = [0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/** The series operators watch; names follow Prometheus conventions (`_total`, `_seconds`). */
export const metrics = {
  /** GraphQL operations answered, by service, scenario, decision (`allowed`/`refused`) and error code (`none` without errors). */
  requests: new Counter({
    name: 'civicgraph_graphql_requests_total',
    help: 'GraphQL operations answered, by service, scenario, decision and error code',
    labelNames: ['service', 'scenario', 'decision', 'code'] as const,
    registers: [registry],
  }),
  /** From the request's arrival to the response's release (audit commit included). */
  requestDuration: new Histogram({
    name: 'civicgraph_graphql_request_duration_seconds',
    help: 'Time from arrival to release of a GraphQL response, audit commit included',
    labelNames: ['service', 'scenario', 'decision'] as const,
    buckets: LATENCY_BUCKETS,
    registers: [registry],
  }),
  /** The gateway's fetches to each subgraph. */
  subgraphFetchDuration: new Histogram({
    name: 'civicgraph_subgraph_fetch_duration_seconds',
    help: 'Gateway fetches to a subgraph, by subgraph and outcome',
    labelNames: ['subgraph', 'outcome'] as const,
    buckets: LATENCY_BUCKETS,
    registers: [registry],
  }),
  /** Records per group commit: how many concurrent requests share one transaction. */
  auditBatchSize: new Histogram({
    name: 'civicgraph_audit_batch_records',
    help: 'Audit records written per group commit',
    labelNames: ['service', 'log'] as const,
    buckets: [1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024],
    registers: [registry],
  }),
  /** Before a group commit: how long it waited for the requests still executing (an owner's log). */
  auditCompanionWait: new Histogram({
    name: 'civicgraph_audit_companion_wait_seconds',
    help: 'Time a group commit waited, before it started, for requests still executing (bounded; 0 when alone)',
    labelNames: ['service', 'log'] as const,
    buckets: [0.0005, 0.001, 0.002, 0.003, 0.004, 0.005, 0.01],
    registers: [registry],
  }),
  /** One group commit: move the chain head, insert, commit. */
  auditCommitDuration: new Histogram({
    name: 'civicgraph_audit_commit_duration_seconds',
    help: 'Duration of one audit group commit, by outcome',
    labelNames: ['service', 'log', 'outcome'] as const,
    buckets: LATENCY_BUCKETS,
    registers: [registry],
  }),
};

/** The Prometheus text exposition of every series in this process. */
export async function metricsExposition(): Promise<{ contentType: string; body: string }> {
  return { contentType: registry.contentType, body: await registry.metrics() };
}
