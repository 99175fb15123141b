import { SpanKind, SpanStatusCode, context, trace } from '@opentelemetry/api';

const tracer = trace.getTracer('@civicgraph/db');

/**
 * A statement run without the ORM, as a span under the request's (named as OpenTelemetry's database
 * conventions name them: `SELECT population`), so a trace goes down to the SQL whichever client ran it.
 * Outside a recorded trace it costs one lookup.
 */
export function traced<T>(database: string, sql: string, run: () => Promise<T>): Promise<T> {
  if (!trace.getSpan(context.active())?.isRecording()) return run();
  const operation = /^\s*(\w+)/.exec(sql)?.[1]?.toUpperCase() ?? 'QUERY';
  return tracer.startActiveSpan(
    `${operation} ${database}`,
    { kind: SpanKind.CLIENT, attributes: { 'db.system.name': 'postgresql', 'db.namespace': database, 'db.query.text': sql } },
    async (span) => {
      try {
        return await run();
      } catch (error) {
        span.setStatus({ code: SpanStatusCode.ERROR, message: (error as Error).message });
        throw error;
      } finally {
        span.end();
      }
    },
  );
}
