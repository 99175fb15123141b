import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** Node's process metrics (CPU, memory, event-loop lag, GC): one set per process, shown by every service in it. */
const processRegistry = new Registry();

let processMetrics = false;
/**
 * Adds Node's process metrics to every service's exposition. Called by each deployable's entry point, not
 * on import: the GC observer it installs lives as long as the process.
 */
export function collectProcessMetrics(): void {
  if (processMetrics) return;
  processMetrics = true;
  collectDefaultMetrics({ register: processRegistry });
}

const QUALITY_LABELS = ['rule', 'dimension', 'department', 'database', 'table', 'item'] as const;

const LATENCY_BUCKETS = [0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/** The series of one service, in a registry of its own; names follow Prometheus conventions (`_total`, `_seconds`). */
function createServiceMetrics() {
  const registry = new Registry();
  const registers = [registry];
  return {
    registry,
    /** GraphQL operations answered, by service, scenario, decision (`allowed`/`refused`) and error code (`none` without errors). */
    requests: new Counter({
      name: 'civicgraph_graphql_requests_total',
      help: 'GraphQL operations answered, by service, scenario, decision and error code',
      labelNames: ['service', 'scenario', 'decision', 'code'] as const,
      registers,
    }),
    /** The gateway's operations per application (an id the admin API issued, never client text), by scenario and decision. */
    applicationOperations: new Counter({
      name: 'civicgraph_application_operations_total',
      help: 'Operations each application sent through the gateway, by scenario and decision (allowed/refused)',
      labelNames: ['application', 'scenario', 'decision'] as const,
      registers,
    }),
    /** Records disclosed to each application in delivered responses, by scenario. */
    applicationRows: new Counter({
      name: 'civicgraph_application_rows_disclosed_total',
      help: 'Records disclosed to each application in delivered responses, by scenario',
      labelNames: ['application', 'scenario'] as const,
      registers,
    }),
    /** From the request's arrival to the response's release (audit commit included). */
    requestDuration: new Histogram({
      name: 'civicgraph_graphql_request_duration_seconds',
      help: 'Time from arrival to release of a GraphQL response, audit commit included',
      labelNames: ['service', 'scenario', 'decision'] as const,
      buckets: LATENCY_BUCKETS,
      registers,
    }),
    /** The gateway's fetches to each subgraph. */
    subgraphFetchDuration: new Histogram({
      name: 'civicgraph_subgraph_fetch_duration_seconds',
      help: 'Gateway fetches to a subgraph, by subgraph and outcome',
      labelNames: ['subgraph', 'outcome'] as const,
      buckets: LATENCY_BUCKETS,
      registers,
    }),
    /** Each owner's circuit breaker at the gateway: 0 closed, 0.5 probing, 1 open. */
    ownerBreakerOpen: new Gauge({
      name: 'civicgraph_owner_breaker_open',
      help: "The gateway's circuit breaker per owner: 0 closed, 0.5 probing, 1 open",
      labelNames: ['subgraph'] as const,
      registers,
    }),
    /** Requests executing, and waiting for a slot, at the gateway's admission bound. */
    admission: new Gauge({
      name: 'civicgraph_gateway_admission_requests',
      help: 'Requests at the gateway executing (state=in_flight) and waiting for a slot (state=queued)',
      labelNames: ['state'] as const,
      registers,
    }),
    /** Requests shed with OVERLOADED, by why: the queue was full, or the wait for a slot ran out. */
    shedRequests: new Counter({
      name: 'civicgraph_gateway_shed_requests_total',
      help: 'Requests the gateway shed with 503 OVERLOADED, by reason (queue_full, queue_timeout)',
      labelNames: ['reason'] as const,
      registers,
    }),
    /** Audit records held in the local spool while the log's database cannot be written, and replayed since. */
    auditSpool: new Gauge({
      name: 'civicgraph_audit_spooled_records',
      help: 'Audit records waiting in the local spool for the log database to return',
      labelNames: ['service', 'log'] as const,
      registers,
    }),
    /** Records per group commit: how many concurrent requests share one transaction. */
    auditBatchSize: new Histogram({
      name: 'civicgraph_audit_batch_records',
      help: 'Audit records written per group commit',
      labelNames: ['service', 'log'] as const,
      buckets: [1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024],
      registers,
    }),
    /** Before a group commit: how long it waited for the requests still executing (an owner's log). */
    auditCompanionWait: new Histogram({
      name: 'civicgraph_audit_companion_wait_seconds',
      help: 'Time a group commit waited, before it started, for requests still executing (bounded; 0 when alone)',
      labelNames: ['service', 'log'] as const,
      buckets: [0.0005, 0.001, 0.002, 0.003, 0.004, 0.005, 0.01],
      registers,
    }),
    /** One group commit: move the chain head, insert, commit. */
    auditCommitDuration: new Histogram({
      name: 'civicgraph_audit_commit_duration_seconds',
      help: 'Duration of one audit group commit, by outcome',
      labelNames: ['service', 'log', 'outcome'] as const,
      buckets: LATENCY_BUCKETS,
      registers,
    }),
    /** Change feed delivery attempts, by owner and outcome (DELIVERED, SENT, FAILED, GONE, WITHHELD, HELD). */
    feedAttempts: new Counter({
      name: 'civicgraph_feed_attempts_total',
      help: 'Change feed delivery attempts, by owner and outcome',
      labelNames: ['owner', 'outcome'] as const,
      registers,
    }),
    /** Change feed events given up after their last retry (dead letters), by owner. */
    feedDeadLetters: new Counter({
      name: 'civicgraph_feed_dead_letters_total',
      help: 'Change feed events given up after their last retry, by owner',
      labelNames: ['owner'] as const,
      registers,
    }),
    /** The newest finished quality run, per rule: records checked and failing, and the pass rate (governance). */
    qualityChecked: new Gauge({
      name: 'civicgraph_quality_checked_records',
      help: "Records the newest finished quality run checked, per rule (the rate's denominator)",
      labelNames: QUALITY_LABELS,
      registers,
    }),
    qualityFailed: new Gauge({
      name: 'civicgraph_quality_failed_records',
      help: 'Records that failed a rule in the newest finished quality run',
      labelNames: QUALITY_LABELS,
      registers,
    }),
    qualityRate: new Gauge({
      name: 'civicgraph_quality_pass_ratio',
      help: 'Records passing over records checked, per rule, in the newest finished quality run (GB/T 36344)',
      labelNames: QUALITY_LABELS,
      registers,
    }),
    qualityLastRun: new Gauge({
      name: 'civicgraph_quality_last_run_timestamp_seconds',
      help: 'When the newest finished quality run finished',
      registers,
    }),
    /** Quality issues by accountable department and state, and those past their due date. */
    qualityIssues: new Gauge({
      name: 'civicgraph_quality_issues',
      help: 'Quality issues by accountable department and state',
      labelNames: ['department', 'state'] as const,
      registers,
    }),
    qualityIssuesOverdue: new Gauge({
      name: 'civicgraph_quality_issues_overdue',
      help: 'Quality issues past their due date and not yet fixed, by accountable department',
      labelNames: ['department'] as const,
      registers,
    }),
  };
}

export type ServiceMetrics = ReturnType<typeof createServiceMetrics>;

const byService = new Map<string, ServiceMetrics>();

/**
 * The series of one service (`gateway`, `population`, …), in its own registry: in single-process mode
 * each port's `/metrics` shows its own service's series, not its neighbours'. Series keep their `service`
 * label, so dashboards read the same whether the services share a process or not.
 */
export function metricsOf(service: string): ServiceMetrics {
  let found = byService.get(service);
  if (!found) byService.set(service, (found = createServiceMetrics()));
  return found;
}

/** Every service's series in this process, for readers that add them up (the benchmark, tests). */
export function allServiceMetrics(): ServiceMetrics[] {
  return [...byService.values()];
}

/** The Prometheus text exposition of one service's series and the process's. */
export async function metricsExposition(service: string): Promise<{ contentType: string; body: string }> {
  const merged = Registry.merge([metricsOf(service).registry, processRegistry]);
  return { contentType: merged.contentType, body: await merged.metrics() };
}
