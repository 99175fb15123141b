import { context, propagation, SpanKind, SpanStatusCode, trace, type Attributes } from '@opentelemetry/api';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BatchSpanProcessor, SimpleSpanProcessor, type ReadableSpan, type SpanExporter } from '@opentelemetry/sdk-trace-base';
import { ExportResultCode, hrTimeToMilliseconds, type ExportResult } from '@opentelemetry/core';
import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import { registerInstrumentations } from '@opentelemetry/instrumentation';
import { UndiciInstrumentation } from '@opentelemetry/instrumentation-undici';
import { PrismaInstrumentation } from '@prisma/instrumentation';

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
 * `console` spans as JSON lines on stdout, one per span, like every log line (OpenTelemetry's own console
 * exporter prints multi-line object dumps that break a JSON log stream).
 */
const jsonLineExporter: SpanExporter = {
  export(spans: ReadableSpan[], done: (result: ExportResult) => void) {
    for (const span of spans) {
      const { traceId, spanId } = span.spanContext();
      process.stdout.write(
        `${JSON.stringify({
          msg: 'span',
          service: span.resource.attributes['service.name'],
          name: span.name,
          traceId,
          spanId,
          parentSpanId: span.parentSpanContext?.spanId,
          kind: span.kind,
          startTime: hrTimeToMilliseconds(span.startTime),
          durationMs: hrTimeToMilliseconds(span.duration),
          status: span.status.code,
          attributes: span.attributes,
        })}\n`,
      );
    }
    done({ code: ExportResultCode.SUCCESS });
  },
  shutdown: async () => {},
};

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
        ? new SimpleSpanProcessor(jsonLineExporter)
        : new SimpleSpanProcessor(exporter);
  const provider = new NodeTracerProvider({ resource: resourceFromAttributes({ 'service.name': serviceName }), spanProcessors: [processor] });
  // Registers the AsyncLocalStorage context manager and the W3C trace-context propagator globally.
  provider.register();
  // HTTP client calls (undici: the gateway's subgraph fetches) from the maintained instrumentation, which also
  // carries the trace on in their `traceparent`; a call outside any request (a timer) makes no trace of its own.
  // Database calls from Prisma's own instrumentation (each operation, its compile and the SQL it ran), on
  // PGlite and PostgreSQL alike; the pg driver's statements (the audit logs' appends too) are instrumented by
  // `@civicgraph/observability/instrument`, which each process entry imports first.
  const unregister = registerInstrumentations({
    tracerProvider: provider,
    instrumentations: [new UndiciInstrumentation({ requireParentforSpans: true }), new PrismaInstrumentation()],
  });
  return {
    async shutdown() {
      unregister();
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
