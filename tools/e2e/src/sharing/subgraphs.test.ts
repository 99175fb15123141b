import { signRequestContext } from '@civicgraph/policy';
import { readCatalog, readSupergraphSdl } from '@civicgraph/schema';
import { startTestCivicGraph, type TestCivicGraph } from '@civicgraph/platform';

const ALL_FIELDS = readCatalog(readSupergraphSdl()).entries.map((e) => e.coordinate);

describe('the subgraphs behind the gateway', () => {
  let city: TestCivicGraph;
  beforeAll(async () => {
    city = await startTestCivicGraph();
  });
  afterAll(() => city?.stop());

  const ENTITIES = `query($r: [_Any!]!) { _entities(representations: $r) { ... on Person { id name } } }`;

  /** What the gateway would send: a context signed for that subgraph. */
  async function asGateway(subgraph: string): Promise<Record<string, string>> {
    const token = await signRequestContext(
      {
        requestId: 'test',
        app: 'test-app',
        department: 'TEST',
        scenario: 'test-all-fields',
        grantVersion: 1,
        subject: null,
        useReason: null,
        grants: ALL_FIELDS,
        masks: {},
        constraints: {},
      },
      city.contextKey.privateKey,
      { audience: subgraph },
    );
    return token;
  }

  it('resolve entity references in one batch, answering null for ids that name nothing', async () => {
    const rows = await city.dbs.population.query<{ id: string; name: string }>('SELECT id, name FROM person ORDER BY id LIMIT 2');
    const fetchEntities = async () =>
      city.post(
        city.subgraphUrls.population,
        JSON.stringify({
          query: ENTITIES,
          variables: {
            r: [
              { __typename: 'Person', id: rows[0]!.id },
              { __typename: 'Person', id: 'not-a-record-id' },
              { __typename: 'Person', id: '00000000-0000-4000-8000-000000000000' },
              { __typename: 'Person', id: rows[1]!.id },
            ],
          },
        }),
        await asGateway('population'),
      );
    // The first request also reads the disclosure log's chain head (once per process).
    await fetchEntities();
    const before = city.dbs.population.statements.count;
    const { status, body } = await fetchEntities();
    expect(status).toBe(200);
    expect(body).toEqual({ data: { _entities: [rows[0], null, null, rows[1]] } });
    // One batched lookup, and the one statement that commits the disclosure records.
    expect(city.dbs.population.statements.count - before).toBe(1 + 1);
  });

  it('publish their SDL with the catalog metadata to composition', async () => {
    const { body } = await city.post(city.subgraphUrls['e-license'], JSON.stringify({ query: '{ _service { sdl } }' }), await asGateway('e-license'));
    const sdl: string = body.data!._service.sdl;
    expect(sdl).toContain('@composeDirective(name: "@catalog")');
    expect(sdl).toMatch(/holderIdentifier: String!\s+@catalog\(owner: "SH-BDC", sharing: "CONDITIONAL", opening: "NOT_OPEN", grade: 4/);
  });

  it('resolve Person.licenses from the license database for a bare Person key', async () => {
    const [license] = await city.dbs['e-license'].query<{ holder_id: string; n: number }>(
      `SELECT holder_id, count(*)::int AS n FROM license WHERE holder_kind = 'PERSON' GROUP BY holder_id ORDER BY holder_id LIMIT 1`,
    );
    const { body } = await city.post(
      city.subgraphUrls['e-license'],
      JSON.stringify({
        query: `query($r: [_Any!]!) { _entities(representations: $r) { ... on Person { licenses { holder { ... on Person { id } } } } } }`,
        variables: { r: [{ __typename: 'Person', id: license!.holder_id }] },
      }),
      await asGateway('e-license'),
    );
    expect(body.data!._entities[0].licenses).toHaveLength(license!.n);
    for (const l of body.data!._entities[0].licenses) expect(l.holder).toEqual({ id: license!.holder_id });
  });
});
