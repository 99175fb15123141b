import { InMemorySpanExporter } from '@opentelemetry/sdk-trace-base';
import { inClientSpan, inServerSpan, injectTraceContext, metricsExposition, metricsOf, startTracing } from '../index';

describe('metrics', () => {
  it('exposes the CivicGraph series in the Prometheus text format', async () => {
    metricsOf('population').requests.inc({ service: 'population', scenario: 'newborn-registration', decision: 'allowed', code: 'none' });
    const { contentType, body } = await metricsExposition('population');
    expect(contentType).toMatch(/^text\/plain; version=0\.0\.4/);
    expect(body).toContain('civicgraph_graphql_requests_total{service="population",scenario="newborn-registration",decision="allowed",code="none"} 1');
    expect(body).toContain('# TYPE civicgraph_audit_batch_records histogram');
  });

  it("keeps one registry per service: a service shows its own series, not its neighbours'", async () => {
    metricsOf('spatial').requests.inc({ service: 'spatial', scenario: 'x', decision: 'allowed', code: 'none' });
    const { body } = await metricsExposition('legal-entity');
    expect(body).not.toContain('service="spatial"');
    expect(body).not.toContain('service="population"');
    expect((await metricsExposition('spatial')).body).toContain(
      'civicgraph_graphql_requests_total{service="spatial",scenario="x",decision="allowed",code="none"} 1',
    );
  });
});

describe('tracing', () => {
  it('is off unless asked for', () => {
    expect(startTracing({ serviceName: 'x', exporter: 'none' })).toBeNull();
  });

  it('carries the trace from a client span through headers into a server span', async () => {
    const exporter = new InMemorySpanExporter();
    const tracing = startTracing({ serviceName: 'test', exporter })!;
    try {
      const headers = new Map<string, string>();
      await inClientSpan('call', {}, async () => injectTraceContext(headers));
      expect(headers.get('traceparent')).toMatch(/^00-[0-9a-f]{32}-[0-9a-f]{16}-01$/);
      await inServerSpan('serve', Object.fromEntries(headers), { 'civicgraph.request_id': 'r1' }, async () => undefined);
      const [client, server] = exporter.getFinishedSpans();
      expect(server!.spanContext().traceId).toBe(client!.spanContext().traceId);
      expect(server!.parentSpanContext?.spanId).toBe(client!.spanContext().spanId);
      expect(server!.attributes).toEqual({ 'civicgraph.request_id': 'r1' });
    } finally {
      await tracing.shutdown();
    }
  });
});
