import { context, propagation, SpanKind, SpanStatusCode, trace, type Attributes } from '@opentelemetry/api';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BatchSpanProcessor, ConsoleSpanExporter, SimpleSpanProcessor, type SpanExporter } from '@opentelemetry/sdk-trace-base';
import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';

const TRACER = 'civicgraph';

export interface TracingOptions {
  /** `service.name` on every span. */
  serviceName: string;
  /**
   * `otlp` (to OTEL_EXPORTER_OTLP_ENDPOINT, the exporter's standard settings), `console`, or `none`.
   * Default: the standard OTEL_TRACES_EXPORTER variable; unset means off.
   */
  exporter?: 'otlp' | 'console' | 'none' | SpanExporter;
}

export interface Tracing {
  shutdown(): Promise<void>;
}

/**
 * Turns tracing on for this process (off by default: without it the OpenTelemetry API is a no-op).
 * Spans follow a request from the gateway into every subgraph through the W3C `traceparent` header.
 */
export function startTracing({
  serviceName,
  exporter = (process.env.OTEL_TRACES_EXPORTER as TracingOptions['exporter']) ?? 'none',
}: TracingOptions): Tracing | null {
  if (exporter === 'none') return null;
  const processor =
    exporter === 'otlp'
      ? new BatchSpanProcessor(new OTLPTraceExporter())
      : exporter === 'console'
        ? new SimpleSpanProcessor(new ConsoleSpanExporter())
        : new SimpleSpanProcessor(exporter);
  const provider = new NodeTracerProvider({ resource: resourceFromAttributes({ 'service.name': serviceName }), spanProcessors: [processor] });
  // Registers the AsyncLocalStorage context manager and the W3C trace-context propagator globally.
  provider.register();
  return {
    async shutdown() {
      await provider.shutdown();
      trace.disable();
      propagation.disable();
      context.disable();
    },
  };
}

type Carrier = Record<string, string | string[] | undefined>;

/** Runs `work` in a server span continuing the caller's trace (from `traceparent` in `headers`). */
export async function inServerSpan<T>(name: string, headers: Carrier, attributes: Attributes, work: () => Promise<T>): Promise<T> {
  const parent = propagation.extract(context.active(), headers, {
    get: (carrier, key) => carrier[key],
    keys: (carrier) => Object.keys(carrier),
  });
  return inSpan(name, SpanKind.SERVER, attributes, work, parent);
}

/** Runs `work` in a client span (a call to another service); inside it, `injectTraceContext` carries the trace on. */
export async function inClientSpan<T>(name: string, attributes: Attributes, work: () => Promise<T>): Promise<T> {
  return inSpan(name, SpanKind.CLIENT, attributes, work);
}

/** Writes the active trace context (`traceparent`) into outgoing headers; nothing while tracing is off. */
export function injectTraceContext(headers: { set(key: string, value: string): unknown }): void {
  propagation.inject(context.active(), headers, { set: (carrier, key, value) => carrier.set(key, value) });
}

async function inSpan<T>(name: string, kind: SpanKind, attributes: Attributes, work: () => Promise<T>, parent = context.active()): Promise<T> {
  const span = trace.getTracer(TRACER).startSpan(name, { kind, attributes }, parent);
  try {
    return await context.with(trace.setSpan(parent, span), work);
  } catch (error) {
    span.setStatus({ code: SpanStatusCode.ERROR, message: error instanceof Error ? error.message : String(error) });
    throw error;
  } finally {
    span.end();
  }
}
