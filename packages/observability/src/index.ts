export { auditBatchTotals } from './auditBatchTotals';
export type { AuditBatchTotals } from './auditBatchTotals';
export { allServiceMetrics, collectProcessMetrics, metricsExposition, metricsOf } from './metrics';
export type { ServiceMetrics } from './metrics';
export { inClientSpan, inServerSpan, injectTraceContext, startTracing } from './tracing';
export type { Tracing, TracingOptions } from './tracing';
