import { DISCLOSURE_LOG, REQUEST_LOG, verifyChain } from '@civicgraph/audit';
import { createScenarios, DEMO_SCENARIOS, verifyAuditTrail, eventually, startTestCivicGraph, type TestCivicGraph } from '@civicgraph/platform';
import { PrismaClient as GovernanceClient } from '@civicgraph/prisma/governance';
import { BASE_DATABASE_NAMES } from '@civicgraph/prisma';

const demo = (code: string) => DEMO_SCENARIOS.find((s) => s.code === code)!;

const PROFILE = /* GraphQL */ `
  query Profile($idNumber: String!) {
    personByIdNumber(idNumber: $idNumber) {
      name
      residenceAddress {
        fullText
      }
      licenses {
        name
        status
      }
    }
  }
`;

interface RequestRow {
  request_id: string;
  app: string | null;
  department: string | null;
  scenario: string | null;
  grant_version: number | null;
  subject: string | null;
  use_reason: string | null;
  operation_name: string | null;
  document_hash: string | null;
  coordinates: string[];
  decision: string;
  error_codes: string[];
  records: number;
}

interface DisclosureRow {
  request_id: string;
  app: string;
  department: string;
  scenario: string;
  entity_type: string;
  /** Older records' one key; null since the keys became a list. */
  entity_key: string | null;
  entity_keys: string[] | null;
  fields: string[];
  masked_fields: string[];
  use_reason: string | null;
}

describe('audit trail', () => {
  let city: TestCivicGraph;
  let keys: Record<string, string>;
  let citizen: { id: string; id_number: string; residence_district_code: string };

  beforeAll(async () => {
    city = await startTestCivicGraph();
    const governance = new GovernanceClient({ adapter: city.dbs.governance.adapter });
    const credentials = await createScenarios(governance, [demo('district-office')]);
    keys = Object.fromEntries(credentials.map((c) => [c.code, c.apiKey]));
    const rows = await city.dbs.population.query<typeof citizen>(
      `SELECT p.id, p.id_number, p.residence_district_code FROM person p WHERE p.residence_district_code = '310101' AND p.residence_address_id IS NOT NULL ORDER BY p.id LIMIT 1`,
    );
    citizen = rows[0]!;
  });
  afterAll(() => city?.stop());

  const requestRecords = (requestId: string) =>
    city.dbs.governance.query<RequestRow>(`SELECT * FROM audit_request WHERE request_id = $1 ORDER BY operation_index`, [requestId]);
  const disclosures = async (requestId: string) =>
    Object.fromEntries(
      await Promise.all(
        [...BASE_DATABASE_NAMES, 'governance' as const].map(async (name) => [
          name,
          await city.dbs[name].query<DisclosureRow>(`SELECT * FROM audit_disclosure WHERE request_id = $1 ORDER BY entity_type, seq`, [requestId]),
        ]),
      ),
    ) as Record<string, DisclosureRow[]>;

  it('records the request at the gateway and each disclosed record at its owner, before the response', async () => {
    const { status, headers, body } = await city.query(PROFILE, { idNumber: citizen.id_number }, { 'x-use-reason': encodeURIComponent('户籍核查') });
    expect(status).toBe(200);
    expect(body.errors).toBeUndefined();
    const requestId = headers.get('x-request-id')!;

    const [request] = await requestRecords(requestId);
    expect(request).toMatchObject({
      operation_name: 'Profile',
      decision: 'ALLOWED',
      error_codes: [],
      use_reason: '户籍核查',
      subject: null,
      scenario: 'test-all-fields',
    });
    expect(request!.document_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(request!.coordinates).toEqual([
      'Address.fullText',
      'License.name',
      'License.status',
      'Person.licenses',
      'Person.name',
      'Person.residenceAddress',
      'Query.personByIdNumber',
    ]);

    const logs = await disclosures(requestId);
    expect(logs.population).toEqual([
      expect.objectContaining({
        entity_type: 'Person',
        entity_key: null,
        entity_keys: [citizen.id],
        fields: ['name', 'residenceAddress'],
        masked_fields: [],
        scenario: 'test-all-fields',
        use_reason: '户籍核查',
      }),
    ]);
    expect(logs.spatial).toEqual([expect.objectContaining({ entity_type: 'Address', fields: ['fullText'] })]);
    const licenses = await city.dbs['e-license'].query<{ id: string }>(`SELECT id FROM license WHERE holder_id = $1`, [citizen.id]);
    expect(body.data!.personByIdNumber.licenses).toHaveLength(licenses.length);
    // The person's license list (disclosed by the license database about the person), and the licenses:
    // the same fields of each, so one record naming them all.
    expect(logs['e-license']).toEqual([
      ...(licenses.length ? [expect.objectContaining({ entity_type: 'License', fields: ['name', 'status'] })] : []),
      expect.objectContaining({ entity_type: 'Person', entity_keys: [citizen.id], fields: ['licenses'] }),
    ]);
    if (licenses.length) expect([...logs['e-license']![0]!.entity_keys!].sort()).toEqual(licenses.map((l) => l.id).sort());
    expect(logs['legal-entity']).toEqual([]);
    // The request record counts the records the owners disclosed (keys, not log rows).
    const keys = Object.values(logs)
      .flat()
      .reduce((n, row) => n + row.entity_keys!.length, 0);
    expect(request!.records).toBe(keys);
    // Every record names the same caller as the gateway's.
    for (const row of Object.values(logs).flat())
      expect(row).toMatchObject({ app: request!.app, department: request!.department, scenario: request!.scenario });
  });

  it('records masked fields as masked', async () => {
    const { headers, body } = await city.query(
      `{ people(filter: { residenceDistrictCode: "310101" }, first: 2) { nodes { name idNumber } } }`,
      {},
      { authorization: `Bearer ${keys['district-office']}`, 'x-use-reason': 'case 1' },
    );
    expect(body.errors).toBeUndefined();
    const logs = await disclosures(headers.get('x-request-id')!);
    // Two people read alike: one record naming both.
    expect(logs.population).toEqual([expect.objectContaining({ scenario: 'district-office', fields: ['idNumber', 'name'], masked_fields: ['idNumber'] })]);
    expect(logs.population![0]!.entity_keys).toHaveLength(2);
  });

  it('records refusals, with nothing disclosed', async () => {
    const forbidden = await city.query(`{ personByIdNumber(idNumber: "${citizen.id_number}") { religion } }`);
    expect(forbidden.status).toBe(403);
    const [refused] = await requestRecords(forbidden.headers.get('x-request-id')!);
    expect(refused).toMatchObject({ decision: 'REFUSED', error_codes: ['FORBIDDEN'], records: 0, coordinates: ['Person.religion', 'Query.personByIdNumber'] });
    expect(Object.values(await disclosures(forbidden.headers.get('x-request-id')!)).flat()).toEqual([]);

    const anonymous = await city.query(`{ personByIdNumber(idNumber: "${citizen.id_number}") { name } }`, {}, { authorization: 'Bearer nope' });
    expect(anonymous.status).toBe(401);
    const [unknown] = await requestRecords(anonymous.headers.get('x-request-id')!);
    expect(unknown).toMatchObject({ decision: 'REFUSED', error_codes: ['UNAUTHENTICATED'], app: null, scenario: null });
  });

  it('records each operation of a batch on its own', async () => {
    const response = await fetch(city.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${city.apiKey}` },
      body: JSON.stringify([
        { query: `query A { personByIdNumber(idNumber: "${citizen.id_number}") { name } }` },
        { query: `query B { personByIdNumber(idNumber: "${citizen.id_number}") { religion } }` },
      ]),
    });
    const records = await requestRecords(response.headers.get('x-request-id')!);
    expect(records.map((r) => [r.operation_name, r.decision, r.records])).toEqual([
      ['A', 'ALLOWED', 1],
      ['B', 'REFUSED', 0],
    ]);
  });

  it('logs every delivered response of concurrent requests', async () => {
    const responses = await Promise.all(Array.from({ length: 40 }, () => city.query(PROFILE, { idNumber: citizen.id_number })));
    const ids = responses.map((r) => {
      expect(r.status).toBe(200);
      return r.headers.get('x-request-id')!;
    });
    const logged = await city.dbs.governance.query<{ request_id: string }>(`SELECT request_id FROM audit_request WHERE request_id = ANY($1)`, [ids]);
    expect(new Set(logged.map((r) => r.request_id))).toEqual(new Set(ids));
    const population = await city.dbs.population.query<{ n: number }>(
      `SELECT count(DISTINCT request_id)::int AS n FROM audit_disclosure WHERE request_id = ANY($1)`,
      [ids],
    );
    expect(population[0]!.n).toBe(40);
    // How many records each commit carried depends on timing; the grouping itself is unit-tested
    // (packages/audit) and its sizes are measured by the benchmark. Here: the series is exported.
    const metricsOf = async (url: string) =>
      (await fetch(url.replace(/\/graphql$/, '/metrics'), { headers: { authorization: `Bearer ${city.metricsToken}` } })).text();
    expect(await metricsOf(city.url)).toMatch(/civicgraph_audit_batch_records_count\{service="gateway",log="request"\} [1-9]\d*/);
    expect(await metricsOf(city.subgraphUrls.population)).toMatch(
      /civicgraph_audit_companion_wait_seconds_count\{service="population",log="disclosure"\} [1-9]\d*/,
    );
  });

  it('withholds responses while the audit store is unavailable, and recovers without repair', async () => {
    const query = () => city.query(PROFILE, { idNumber: citizen.id_number });
    // Under load (8 clients, back to back), the request log goes away until several responses have been
    // withheld, then comes back until several more have been served: phases end on what happened, not on
    // timers, so a slow machine changes nothing.
    let loading = true;
    const delivered: { status: number; requestId: string; code?: string }[] = [];
    const clients = Array.from({ length: 8 }, async () => {
      while (loading) {
        const r = await query();
        delivered.push({ status: r.status, requestId: r.headers.get('x-request-id')!, code: r.body.errors?.[0]?.extensions?.code });
      }
    });
    const count = (status: 'served' | 'withheld') => delivered.filter((d) => (d.status === 200) === (status === 'served')).length;
    try {
      await eventually(60_000, async () => count('served') >= 4);
      await city.dbs.governance.query(`ALTER TABLE audit_request RENAME TO audit_request_away`);
      try {
        await eventually(60_000, async () => count('withheld') >= 4);
      } finally {
        await city.dbs.governance.query(`ALTER TABLE audit_request_away RENAME TO audit_request`);
      }
      const servedBefore = count('served');
      await eventually(60_000, async () => count('served') >= servedBefore + 4);
    } finally {
      loading = false;
      await Promise.all(clients);
    }
    const withheld = delivered.filter((d) => d.status !== 200);
    const served = delivered.filter((d) => d.status === 200);
    expect(withheld.length).toBeGreaterThan(0);
    expect(served.length).toBeGreaterThan(0);
    for (const d of withheld) expect(d).toMatchObject({ status: 503, code: 'AUDIT_UNAVAILABLE' });
    // Every response that was delivered has its request record; the withheld ones delivered no data.
    const logged = await city.dbs.governance.query<{ request_id: string }>(`SELECT request_id FROM audit_request WHERE request_id = ANY($1)`, [
      served.map((d) => d.requestId),
    ]);
    expect(new Set(logged.map((r) => r.request_id))).toEqual(new Set(served.map((d) => d.requestId)));
    const outage = await query();
    expect(outage.status).toBe(200);

    // An owner's disclosure log goes away: that owner's data is withheld, nothing of it is delivered.
    await city.dbs.population.query(`ALTER TABLE audit_disclosure RENAME TO audit_disclosure_away`);
    try {
      const partial = await query();
      expect(partial.body.data?.personByIdNumber ?? null).toBeNull();
      expect(partial.body.errors).toEqual([expect.objectContaining({ extensions: expect.objectContaining({ code: 'AUDIT_UNAVAILABLE' }) })]);
      const [record] = await requestRecords(partial.headers.get('x-request-id')!);
      expect(record).toMatchObject({ error_codes: ['AUDIT_UNAVAILABLE'] });
    } finally {
      await city.dbs.population.query(`ALTER TABLE audit_disclosure_away RENAME TO audit_disclosure`);
    }

    // A later owner's log (licenses, fetched once the person is known) goes away: the person's data has
    // already reached the gateway; the whole response is withheld all the same, the data of the owners
    // that did log included.
    await city.dbs['e-license'].query(`ALTER TABLE audit_disclosure RENAME TO audit_disclosure_away`);
    try {
      const withheld = await query();
      expect(withheld.status).toBe(503);
      expect(withheld.body.data ?? null).toBeNull();
      expect(withheld.body.errors).toEqual([expect.objectContaining({ extensions: expect.objectContaining({ code: 'AUDIT_UNAVAILABLE' }) })]);
      const [record] = await requestRecords(withheld.headers.get('x-request-id')!);
      expect(record).toMatchObject({ decision: 'REFUSED', error_codes: ['AUDIT_UNAVAILABLE'] });
    } finally {
      await city.dbs['e-license'].query(`ALTER TABLE audit_disclosure_away RENAME TO audit_disclosure`);
    }
    const after = await query();
    expect(after.status).toBe(200);
    expect(after.body.errors).toBeUndefined();
  });

  it('leaves every chain intact', async () => {
    expect(await verifyChain(city.dbs.governance, REQUEST_LOG)).toMatchObject({ problem: null });
    for (const name of [...BASE_DATABASE_NAMES, 'governance' as const]) {
      expect(await verifyChain(city.dbs[name], DISCLOSURE_LOG)).toMatchObject({ problem: null });
    }
  });

  it('audit verify names the tampered record, whichever chain it is in', async () => {
    expect((await verifyAuditTrail(city.dbs)).filter((r) => r.problem)).toEqual([]);
    // Someone with the table owner's rights switches the append-only trigger off and edits a disclosure.
    await city.dbs.population.transaction(async (tx) => {
      await tx.query('ALTER TABLE audit_disclosure DISABLE TRIGGER USER');
      await tx.query(`UPDATE audit_disclosure SET fields = ARRAY['name'] WHERE seq = 2`);
      await tx.query('ALTER TABLE audit_disclosure ENABLE TRIGGER USER');
    });
    const broken = (await verifyAuditTrail(city.dbs)).filter((r) => r.problem);
    expect(broken.map((r) => [r.database, r.table, r.problem])).toEqual([
      ['population', 'audit_disclosure', 'record 2 was edited: its content does not match its hash'],
    ]);
  });

  it('lets operators have each running service verify the chains in its own database (what audit verify asks beside npm start)', async () => {
    const services = [['governance', city.url], ...Object.entries(city.subgraphUrls)].map(([name, u]) => [name!, u!.replace(/\/graphql$/, '')] as const);
    const reports = [];
    for (const [, base] of services) {
      expect((await fetch(`${base}/audit/verify`, { headers: { authorization: `Bearer ${city.apiKey}` } })).status).toBe(401);
      const response = await fetch(`${base}/audit/verify`, { headers: { authorization: `Bearer ${city.metricsToken}` } });
      expect(response.status).toBe(200);
      reports.push(...((await response.json()) as { database: string; table: string; problem: string | null; records: number }[]));
    }
    // The same chains, with the same answers (a chain an earlier test tampered with included), as opening the databases directly.
    const byChain = (r: { database: string; table: string }) => `${r.database}.${r.table}`;
    const direct = await verifyAuditTrail(city.dbs);
    expect([...reports].sort((a, b) => byChain(a).localeCompare(byChain(b)))).toEqual([...direct].sort((a, b) => byChain(a).localeCompare(byChain(b))));
  });

  it('serves /ready on every service, and /metrics to operators only, each service its own series', async () => {
    // One request that every subgraph answers, so each has series of its own to show.
    const everywhere = await city.query(
      '{ people(first: 1) { nodes { name residenceAddress { fullText } licenses { name } } } legalEntities(first: 1) { nodes { name } } departments { code } }',
    );
    expect(everywhere.body.errors).toBeUndefined();
    const services = [['gateway', city.url], ...Object.entries(city.subgraphUrls)].map(([service, u]) => [service!, u!.replace(/\/graphql$/, '')] as const);
    for (const [service, base] of services) {
      const ready = await fetch(`${base}/ready`);
      expect(ready.status).toBe(200);
      for (const authorization of [undefined, 'Bearer wrong-token', `Bearer ${city.apiKey}`]) {
        const refused = await fetch(`${base}/metrics`, { headers: authorization ? { authorization } : {} });
        expect({ status: refused.status, body: await refused.json() }).toEqual({
          status: 401,
          body: { errors: [{ message: 'Send the operators\' metrics token as "Authorization: Bearer <token>"', extensions: { code: 'UNAUTHENTICATED' } }] },
        });
      }
      const metrics = await fetch(`${base}/metrics`, { headers: { authorization: `Bearer ${city.metricsToken}` } });
      expect(metrics.headers.get('content-type')).toMatch(/^text\/plain/);
      const text = await metrics.text();
      expect(text).toMatch(
        new RegExp(`civicgraph_graphql_requests_total\\{service="${service}",scenario="test-all-fields",decision="allowed",code="none"\\} \\d+`),
      );
      expect(text.match(/service="([^"]+)"/g)?.every((label) => label === `service="${service}"`)).toBe(true);
      if (service === 'gateway') {
        // Per application, as the admin API issued it: its operations and the records delivered to it.
        const [{ id: app }] = (await city.dbs.governance.query<{ id: string }>(
          `SELECT application_id AS id FROM scenario_application WHERE scenario_code = 'test-all-fields' LIMIT 1`,
        )) as [{ id: string }];
        expect(text).toMatch(
          new RegExp(`civicgraph_application_operations_total\\{application="${app}",scenario="test-all-fields",decision="allowed"\\} \\d+`),
        );
        expect(
          Number(new RegExp(`civicgraph_application_rows_disclosed_total\\{application="${app}",scenario="test-all-fields"\\} (\\d+)`).exec(text)?.[1]),
        ).toBeGreaterThan(0);
      }
    }
  });
});

describe('audit trail: each owner commits before it answers', () => {
  let city: TestCivicGraph;
  let idNumber: string;

  beforeAll(async () => {
    city = await startTestCivicGraph();
    // A citizen with an address and a license: the profile then reads from three owners.
    const holders = await city.dbs['e-license'].query<{ holder_id: string }>(`SELECT DISTINCT holder_id FROM license WHERE holder_id IS NOT NULL`);
    const [person] = await city.dbs.population.query<{ id_number: string }>(
      `SELECT id_number FROM person WHERE residence_address_id IS NOT NULL AND id = ANY($1::uuid[]) ORDER BY id LIMIT 1`,
      [holders.map((h) => h.holder_id)],
    );
    idNumber = person!.id_number;
  });
  afterAll(() => city?.stop());

  const failedLicenseFetches = async () => {
    const metrics = await (await fetch(city.url.replace(/\/graphql$/, '/metrics'), { headers: { authorization: `Bearer ${city.metricsToken}` } })).text();
    return Number(/civicgraph_subgraph_fetch_duration_seconds_count\{subgraph="e-license",outcome="failed"\} (\d+)/.exec(metrics)?.[1] ?? 0);
  };

  it('delivers a response once every owner has committed its records', async () => {
    const { status, headers, body } = await city.query(PROFILE, { idNumber });
    expect(status).toBe(200);
    expect(body.errors).toBeUndefined();
    expect(body.data?.personByIdNumber.licenses.length).toBeGreaterThan(0);
    const requestId = headers.get('x-request-id')!;
    for (const name of ['population', 'spatial', 'e-license'] as const) {
      const [row] = await city.dbs[name].query<{ n: number }>(`SELECT count(*)::int AS n FROM audit_disclosure WHERE request_id = $1`, [requestId]);
      expect({ name, recorded: row!.n > 0 }).toEqual({ name, recorded: true });
    }
    const [record] = await city.dbs.governance.query<RequestRow>(`SELECT * FROM audit_request WHERE request_id = $1`, [requestId]);
    expect(record).toMatchObject({ decision: 'ALLOWED', error_codes: [] });
  });

  it("withholds the whole response when an owner cannot commit, the other owners' data included", async () => {
    const failedBefore = await failedLicenseFetches();
    await city.dbs['e-license'].query(`ALTER TABLE audit_disclosure RENAME TO audit_disclosure_away`);
    try {
      const withheld = await city.query(PROFILE, { idNumber });
      expect(withheld.status).toBe(503);
      expect(withheld.body.data ?? null).toBeNull();
      expect(withheld.body.errors).toEqual([expect.objectContaining({ extensions: expect.objectContaining({ code: 'AUDIT_UNAVAILABLE' }) })]);
      const [record] = await city.dbs.governance.query<RequestRow>(`SELECT * FROM audit_request WHERE request_id = $1`, [withheld.headers.get('x-request-id')]);
      expect(record).toMatchObject({ decision: 'REFUSED', error_codes: ['AUDIT_UNAVAILABLE'] });
    } finally {
      await city.dbs['e-license'].query(`ALTER TABLE audit_disclosure_away RENAME TO audit_disclosure`);
    }
    // The owner said so in its answer (HTTP 503): the fetch itself failed.
    expect(await failedLicenseFetches()).toBe(failedBefore + 1);
    expect((await city.query(PROFILE, { idNumber })).status).toBe(200);
  });
});
