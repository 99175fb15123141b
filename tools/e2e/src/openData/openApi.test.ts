import { OPEN_APPLICATION_ID } from '@civicgraph/policy';
import { startTestCivicGraph, type GraphQLResponse, type TestCivicGraph } from '@civicgraph/platform';

describe('the open API: anonymous, the catalog’s open items only, limited per client, on record', () => {
  let city: TestCivicGraph;
  let origin: string;
  const open = (query: string, variables: Record<string, unknown> = {}, headers: Record<string, string> = {}) =>
    city.post(`${origin}/open/graphql`, JSON.stringify({ query, variables }), headers);

  beforeAll(async () => {
    city = await startTestCivicGraph();
    origin = city.url.replace(/\/graphql$/, '');
  });
  afterAll(() => city?.stop());

  it('serves unconditionally open records without a key, paged by keyset, with the client’s quota in X-RateLimit headers', async () => {
    const page = `query($after: String) { legalEntities(first: 5, after: $after) { nodes { uscc name status industryCode district { code name } } pageInfo { hasNextPage endCursor } } }`;
    const first = await open(page);
    expect(first.status).toBe(200);
    expect(first.body.errors).toBeUndefined();
    const { nodes, pageInfo } = first.body.data!.legalEntities;
    expect(nodes).toHaveLength(5);
    expect(pageInfo.hasNextPage).toBe(true);
    const second = await open(page, { after: pageInfo.endCursor });
    const usccs = (r: GraphQLResponse) => r.body.data!.legalEntities.nodes.map((n: { uscc: string }) => n.uscc);
    expect(usccs(second)).toHaveLength(5);
    expect(usccs(second).some((u: string) => usccs(first).includes(u))).toBe(false);

    expect(Number(first.headers.get('x-ratelimit-limit'))).toBe(10_000);
    expect(Number(second.headers.get('x-ratelimit-remaining'))).toBe(Number(first.headers.get('x-ratelimit-remaining')) - 1);
    expect(Number(first.headers.get('x-ratelimit-reset'))).toBeGreaterThan(0);

    const divisions = await open(`{ divisions(level: DISTRICT) { code name } licenseTypes { code name } }`);
    expect(divisions.body.errors).toBeUndefined();
    expect(divisions.body.data!.divisions).toHaveLength(16);
  });

  it('refuses what the catalog does not open unconditionally, naming it, and shows only the open contract', async () => {
    const person = await open(`{ people(first: 1) { nodes { name } } }`);
    expect(person.body.errors?.[0]?.extensions).toMatchObject({ code: 'FORBIDDEN', notGranted: ['Person.name', 'PersonConnection.nodes', 'Query.people'] });
    expect(person.body.data ?? null).toBeNull();
    // Conditionally open (addresses) is not open to anonymous clients either.
    const address = await open(`{ addressesNear(latitude: 31.23, longitude: 121.48, radiusMeters: 500) { distanceMeters } }`);
    expect(address.body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    // A legal entity's representative is a person: the link is open, the person's fields are not.
    const representative = await open(`{ legalEntities(first: 1) { nodes { legalRepresentative { name } } } }`);
    expect(representative.body.errors?.[0]?.extensions).toMatchObject({ code: 'FORBIDDEN', notGranted: ['Person.name'] });

    const contract = await fetch(`${origin}/open/schema.graphql`);
    expect(contract.status).toBe(200);
    const sdl = await contract.text();
    expect(sdl).toContain('legalEntities(');
    expect(sdl).toContain('residentStatistics(');
    expect(sdl).not.toMatch(/\bpeople\(|idNumber|addressesNear/);
  });

  it('takes no key: a key sent to the open API is pointed out, and no keyed application may act under the open scenario', async () => {
    const keyed = await open(`{ licenseTypes { code } }`, {}, { authorization: `Bearer ${city.apiKey}` });
    expect(keyed.status).toBe(400);
    expect(keyed.body.errors?.[0]?.extensions?.code).toBe('BAD_REQUEST');
    const underOpen = await city.query(`{ licenseTypes { code } }`, {}, { 'x-scenario': 'open' });
    expect(underOpen.body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it('keeps the open scenario to the catalog: an administrator can neither widen it nor bind an application to it', async () => {
    const widen = await city.query(`mutation { addGrants(scenarioCode: "open", grants: [{ coordinate: "Person.name" }]) { code } }`);
    expect(widen.body.errors?.[0]?.extensions?.code).toBe('CONFLICT');
    // A grant row written behind the API's back is never in force either.
    await city.dbs.governance.query(
      `INSERT INTO "grant" (scenario_code, coordinate) VALUES ('open', 'Person.name'), ('open', 'Query.people'), ('open', 'PersonConnection.nodes')`,
    );
    await new Promise((resolve) => setTimeout(resolve, 300));
    const person = await open(`{ people(first: 1) { nodes { name } } }`);
    expect(person.body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    await city.dbs.governance.query(
      `DELETE FROM "grant" WHERE scenario_code = 'open' AND coordinate IN ('Person.name', 'Query.people', 'PersonConnection.nodes')`,
    );
  });

  it('publishes the open list from the catalog: datasets by grade with DCAT-AP metadata, in the API and as JSON-LD', async () => {
    const { body } = await open(`{ openList { id opening ownerCode accessRights license downloadPath fields { coordinate } } }`);
    expect(body.errors).toBeUndefined();
    const list = body.data!.openList as { id: string; opening: string; accessRights: string; downloadPath: string | null; fields: { coordinate: string }[] }[];
    const entities = list.find((d) => d.id === 'legal-entity.LegalEntity')!;
    expect(entities).toMatchObject({ opening: 'UNCONDITIONAL', ownerCode: 'SH-AMR', downloadPath: '/open/datasets/legal-entity.LegalEntity' });
    expect(entities.accessRights).toMatch(/access-right\/PUBLIC$/);
    expect(list.find((d) => d.id === 'spatial.Address.conditional')).toMatchObject({ opening: 'CONDITIONAL', downloadPath: null });
    // Nothing the catalog keeps closed is listed.
    expect(list.flatMap((d) => d.fields.map((f) => f.coordinate)).some((c) => c.startsWith('Person.'))).toBe(false);

    const jsonLd = await fetch(`${origin}/open/datasets`);
    expect(jsonLd.headers.get('content-type')).toMatch(/application\/ld\+json/);
    const catalog = (await jsonLd.json()) as { '@type': string; 'dcat:dataset': Record<string, any>[] };
    expect(catalog['@type']).toBe('dcat:Catalog');
    const dataset = catalog['dcat:dataset'].find((d) => d['dct:identifier'] === 'legal-entity.LegalEntity')!;
    expect(dataset['dct:publisher']['dct:identifier']).toBe('SH-AMR');
    expect(dataset['dct:accrualPeriodicity']['@id']).toMatch(/frequency\/DAILY$/);
    expect(dataset['dcat:distribution'].map((d: Record<string, any>) => d['dcat:downloadURL']?.['@id'] ?? d['dcat:accessURL']['@id'])).toEqual([
      `${origin}/open/graphql`,
      `${origin}/open/datasets/legal-entity.LegalEntity`,
    ]);
  });

  it('exports a whole open dataset as streamed NDJSON, resumable from any cursor, each page on record', async () => {
    const [{ count }] = (await city.dbs['legal-entity'].query<{ count: number }>('SELECT count(*)::int AS count FROM legal_entity')) as [{ count: number }];
    // Pages of 7 records here, so an export crosses many pages.
    const paging = (await city.anotherGateway({ openExportPageSize: 7 })).url.replace(/\/graphql$/, '');
    const read = async (path: string) => {
      const response = await fetch(`${paging}${path}`);
      if (!/x-ndjson/.test(response.headers.get('content-type')!)) throw new Error(await response.text());
      return (await response.text())
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line) as { cursor?: string; record?: Record<string, unknown>; error?: unknown });
    };
    const all = await read('/open/datasets/legal-entity.LegalEntity');
    expect(count).toBeGreaterThan(20);
    expect(all).toHaveLength(count);
    expect(all.every((l) => l.cursor && l.record && 'uscc' in l.record && !('legalRepresentative' in l.record))).toBe(true);
    expect(new Set(all.map((l) => l.record!.uscc)).size).toBe(count);
    const rest = await read(`/open/datasets/legal-entity.LegalEntity?after=${encodeURIComponent(all[11]!.cursor!)}`);
    expect(rest.map((l) => l.record!.uscc)).toEqual(all.slice(12).map((l) => l.record!.uscc));

    const divisions = await read('/open/datasets/spatial.Division');
    expect(divisions.find((l) => l.record!.code === '310101')!.record).toMatchObject({ name: '黄浦区', level: 'DISTRICT', parent: { code: '310000' } });

    const pages = await city.dbs.governance.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM audit_request WHERE scenario = 'open' AND operation_name = 'OpenExport' AND released = 'DELIVERED'`,
    );
    expect(pages[0]!.n).toBeGreaterThanOrEqual(Math.ceil(count / 7) + Math.ceil((count - 12) / 7) + 1);

    const conditional = await fetch(`${origin}/open/datasets/spatial.Address.conditional`);
    expect(conditional.status).toBe(404);
    expect(((await conditional.json()) as GraphQLResponse['body']).errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
  });

  it('puts every open request on record, naming the open application and the client', async () => {
    const sent = await open(`query OpenDivisions { divisions(level: DISTRICT) { code } }`);
    const requestId = sent.headers.get('x-request-id')!;
    const [record] = await city.dbs.governance.query<{ app: string; scenario: string; client: string; operation_name: string; released: string }>(
      `SELECT app::text, scenario, client, operation_name, released FROM audit_request WHERE request_id = $1`,
      [requestId],
    );
    expect(record).toMatchObject({ app: OPEN_APPLICATION_ID, scenario: 'open', operation_name: 'OpenDivisions', released: 'DELIVERED' });
    expect(record!.client).toMatch(/127\.0\.0\.1|::1/);
  });

  it('ends a client’s day at its quota: 429 QUOTA_EXCEEDED with Retry-After and nothing remaining', async () => {
    // Stopped with the city.
    const gateway = await city.anotherGateway({ openRequestsPerDay: 3 });
    const url = gateway.url.replace(/\/graphql$/, '/open/graphql');
    const send = () => city.post(url, JSON.stringify({ query: '{ licenseTypes { code } }' }));
    const answers = [await send(), await send(), await send(), await send()];
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 429]);
    expect(answers.map((a) => a.headers.get('x-ratelimit-remaining'))).toEqual(['2', '1', '0', '0']);
    expect(answers[3]!.body.errors?.[0]?.extensions?.code).toBe('QUOTA_EXCEEDED');
    expect(Number(answers[3]!.headers.get('retry-after'))).toBeGreaterThan(3600);
  });

  it('slows a client over the open scenario’s rate: 429 RATE_LIMITED with Retry-After', async () => {
    const answers = await Promise.all(Array.from({ length: 40 }, () => open('{ licenseTypes { code } }')));
    const limited = answers.filter((a) => a.status === 429);
    expect(limited.length).toBeGreaterThan(0);
    expect(limited[0]!.body.errors?.[0]?.extensions?.code).toBe('RATE_LIMITED');
    expect(Number(limited[0]!.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
  });
});
