// Imported first by every process entry (the CLI, the gateway and each subgraph), before anything loads the
// pg driver: OpenTelemetry's pg instrumentation patches the module when it is loaded, not afterwards. Its
// spans go to whichever tracer provider startTracing() registers later; with tracing off, nothing is loaded.
import { registerInstrumentations } from '@opentelemetry/instrumentation';
import { tracingRequested } from './tracingSettings';

if (tracingRequested()) {
  // Required here, not imported: with tracing off, a process does not load the instrumentation at all.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { PgInstrumentation } = require('@opentelemetry/instrumentation-pg') as typeof import('@opentelemetry/instrumentation-pg');
  registerInstrumentations({ instrumentations: [new PgInstrumentation({ requireParentSpan: true })] });
}
