export { metrics, metricsExposition, registry } from './metrics';
export { inClientSpan, inServerSpan, startTracing } from './tracing';
export type { Tracing, TracingOptions } from './tracing';
