export { auditBatchTotals } from './auditBatchTotals';
export type { AuditBatchTotals } from './auditBatchTotals';
export { collectProcessMetrics, metrics, metricsExposition, registry } from './metrics';
export { inClientSpan, inServerSpan, injectTraceContext, startTracing } from './tracing';
export type { Tracing, TracingOptions } from './tracing';
