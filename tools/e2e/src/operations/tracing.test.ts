import { startTracing, type Tracing } from '@civicgraph/observability';
import { startTestCivicGraph, type TestCivicGraph } from '@civicgraph/platform';
import { InMemorySpanExporter } from '@opentelemetry/sdk-trace-base';

describe('tracing', () => {
  let city: TestCivicGraph;
  let tracing: Tracing;
  const exporter = new InMemorySpanExporter();
  beforeAll(async () => {
    tracing = startTracing({ serviceName: 'civicgraph-test', exporter })!;
    city = await startTestCivicGraph();
  });
  afterAll(async () => {
    await city?.stop();
    await tracing?.shutdown();
  });

  it('follows one request from the gateway into each subgraph it calls, over HTTP, down to the SQL', async () => {
    const [row] = await city.dbs.population.query<{ id_number: string }>(`SELECT id_number FROM person ORDER BY id LIMIT 1`);
    const { headers, body } = await city.query(`query($n: String!) { personByIdNumber(idNumber: $n) { name licenses { name } } }`, { n: row!.id_number });
    expect(body.errors).toBeUndefined();
    const requestId = headers.get('x-request-id');
    const spans = exporter.getFinishedSpans();
    const gateway = spans.find((s) => s.name === 'graphql gateway' && s.attributes['civicgraph.request_id'] === requestId)!;
    expect(gateway).toBeDefined();
    const traceId = gateway.spanContext().traceId;
    const inTrace = spans.filter((s) => s.spanContext().traceId === traceId);
    const names = inTrace.map((s) => s.name);
    expect(names).toEqual(expect.arrayContaining(['graphql gateway', 'subgraph population', 'graphql population', 'subgraph e-license', 'graphql e-license']));
    // Each subgraph's server span is the child of the HTTP call (undici's instrumentation) under the gateway's
    // client span for it: the context crossed HTTP.
    for (const subgraph of ['population', 'e-license']) {
      const client = inTrace.find((s) => s.name === `subgraph ${subgraph}`)!;
      const call = inTrace.find((s) => s.name === 'POST' && s.parentSpanContext?.spanId === client.spanContext().spanId)!;
      expect(call.attributes['http.request.method']).toBe('POST');
      const server = inTrace.find((s) => s.name === `graphql ${subgraph}`)!;
      expect(server.parentSpanContext?.spanId).toBe(call.spanContext().spanId);
      // Under it, the owner's database work and the SQL it ran: the loaders' statements (the database client's
      // spans), and Prisma's (its instrumentation) for what goes through Prisma.
      const descendsFrom = (span: (typeof inTrace)[number], ancestor: string): boolean => {
        const parent = inTrace.find((p) => p.spanContext().spanId === span.parentSpanContext?.spanId);
        return !!parent && (parent.spanContext().spanId === ancestor || descendsFrom(parent, ancestor));
      };
      const database = subgraph;
      const queries = inTrace.filter((s) => s.name === `SELECT ${database}` && descendsFrom(s, server.spanContext().spanId));
      expect(queries.length).toBeGreaterThan(0);
      expect(queries.every((q) => String(q.attributes['db.query.text']).startsWith('SELECT') && q.attributes['db.namespace'] === database)).toBe(true);
    }
  });

  it("follows a search, which runs through Prisma, down to Prisma's statement", async () => {
    const { headers, body } = await city.query(`{ people(first: 2) { nodes { name } } }`);
    expect(body.errors).toBeUndefined();
    const spans = exporter.getFinishedSpans();
    const gateway = spans.find((s) => s.name === 'graphql gateway' && s.attributes['civicgraph.request_id'] === headers.get('x-request-id'))!;
    const inTrace = spans.filter((s) => s.spanContext().traceId === gateway.spanContext().traceId);
    const queries = inTrace.filter((s) => s.name === 'prisma:client:db_query');
    expect(queries.length).toBeGreaterThan(0);
    expect(queries.some((q) => /^SELECT .* FROM "public"\."person"/.test(String(q.attributes['db.query.text'])))).toBe(true);
  });
});
