// Imported first by every process entry (the CLI, the gateway and each subgraph), before anything loads the
// pg driver: OpenTelemetry's pg instrumentation patches the module when it is loaded, not afterwards. Its
// spans go to whichever tracer provider startTracing() registers later; with tracing off, nothing is loaded.
import { tracingRequested } from './tracingSettings';

if (tracingRequested()) {
  // Required here, not imported: with tracing off, a process loads none of it.
  /* eslint-disable @typescript-eslint/no-require-imports */
  const { registerInstrumentations } = require('@opentelemetry/instrumentation') as typeof import('@opentelemetry/instrumentation');
  const { PgInstrumentation } = require('@opentelemetry/instrumentation-pg') as typeof import('@opentelemetry/instrumentation-pg');
  /* eslint-enable @typescript-eslint/no-require-imports */
  registerInstrumentations({ instrumentations: [new PgInstrumentation({ requireParentSpan: true })] });
}
