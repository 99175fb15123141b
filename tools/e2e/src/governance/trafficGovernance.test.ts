import { grantsUnusedCommand, readEnv } from '@civicgraph/cli';
import { createScenarios, eventually, startTestCivicGraph, type TestCivicGraph } from '@civicgraph/platform';
import { issueAdminKey } from '@civicgraph/governance-subgraph';
import { PrismaClient as GovernanceClient } from '@civicgraph/prisma/governance';

/** Rates and quotas per application and scenario, shared by two gateways; failed authentications shut out; unused grants found. */
describe('traffic governance', () => {
  let city: TestCivicGraph;
  let secondUrl: string;
  let adminKey: string;
  let rateKey: string;
  let quotaKey: string;

  beforeAll(async () => {
    city = await startTestCivicGraph();
    const governance = new GovernanceClient({ adapter: city.dbs.governance.adapter });
    secondUrl = (await city.anotherGateway({ failedAuthenticationsPerMinute: 5 })).url;
    const base = { name: 'n', purpose: 'p', legalBasis: 'l', departmentCode: 'SH-PNR', useReasonRequired: false, grants: ['Query.divisions', 'Division.code'] };
    [rateKey, quotaKey] = (
      await createScenarios(governance, [
        { ...base, code: 'rated', grants: [...base.grants, 'Division.name'] },
        { ...base, code: 'quota', departmentCode: 'SH-PSB', grants: ['Query.people', 'PersonConnection.nodes', 'Person.name'] },
      ])
    ).map((c) => c.apiKey) as [string, string];
    adminKey = (await issueAdminKey(governance)).apiKey;
    const admin = (query: string) =>
      fetch(city.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${adminKey}` },
        body: JSON.stringify({ query }),
      });
    for (const change of [
      'mutation { updateScenario(code: "rated", input: { requestsPerSecond: 2 }) { version } }',
      'mutation { updateScenario(code: "quota", input: { rowsPerDay: 20 }) { version } }',
    ]) {
      expect(((await (await admin(change)).json()) as { errors?: unknown }).errors).toBeUndefined();
    }
  });
  afterAll(() => city?.stop());

  const ask = (url: string, key: string, query = '{ divisions(level: DISTRICT) { code } }') =>
    fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` }, body: JSON.stringify({ query }) }).then(
      async (r) => ({
        status: r.status,
        retryAfter: r.headers.get('retry-after'),
        requestId: r.headers.get('x-request-id')!,
        body: (await r.json()) as { data?: unknown; errors?: { message: string; extensions?: { code?: string; retryAfter?: number } }[] },
      }),
    );
  const recordOf = async (requestId: string) =>
    (
      await city.dbs.governance.query<{ decision: string; error_codes: string[]; scenario: string | null }>(
        'SELECT decision, error_codes, scenario FROM audit_request WHERE request_id = $1',
        [requestId],
      )
    )[0];

  it("holds a scenario's rate per application across both gateways: RATE_LIMITED with Retry-After, on record", async () => {
    // The limits reach the gateways when they next refresh the scenario.
    await eventually(5_000, async () => (await ask(city.url, rateKey)).status === 429);
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    const responses = await Promise.all(Array.from({ length: 8 }, (_, i) => ask(i % 2 ? secondUrl : city.url, rateKey)));
    const served = responses.filter((r) => r.status === 200);
    const limited = responses.filter((r) => r.status === 429);
    // Two per second between both gateways (a window may turn during the burst: at most four).
    expect(served.length).toBeGreaterThanOrEqual(1);
    expect(served.length).toBeLessThanOrEqual(4);
    expect(limited.length).toBe(8 - served.length);
    for (const r of limited) {
      expect(r.body.errors).toEqual([
        expect.objectContaining({
          message: 'Scenario "rated" allows 2 requests per second per application',
          extensions: { code: 'RATE_LIMITED', retryAfter: 1 },
        }),
      ]);
      expect(r.retryAfter).toBe('1');
    }
    expect(await recordOf(limited[0]!.requestId)).toEqual({ decision: 'REFUSED', error_codes: ['RATE_LIMITED'], scenario: 'rated' });
  });

  it('counts rows disclosed against the quota, then refuses with QUOTA_EXCEEDED for the rest of the 24 hours', async () => {
    // 15 residents a page: the first page fits in the quota of 20, the second takes it over.
    const page = '{ people(first: 15) { nodes { name } } }';
    await eventually(5_000, async () => (await ask(city.url, quotaKey, page)).status === 429);
    const refused = await ask(secondUrl, quotaKey, page);
    expect(refused).toMatchObject({
      status: 429,
      body: { errors: [expect.objectContaining({ extensions: { code: 'QUOTA_EXCEEDED', retryAfter: expect.any(Number) } })] },
    });
    expect(Number(refused.retryAfter)).toBeGreaterThan(86_000);
    expect(await recordOf(refused.requestId)).toMatchObject({ decision: 'REFUSED', error_codes: ['QUOTA_EXCEEDED'] });
    // Another application's or scenario's quota is untouched.
    expect((await ask(city.url, rateKey)).status).not.toBe(500);
  });

  it("applies its department's default rate to a scenario that sets none", async () => {
    const set = await fetch(city.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${adminKey}` },
      body: JSON.stringify({ query: 'mutation { updateDepartment(code: "SH-PSB", input: { requestsPerSecond: 1 }) { requestsPerSecond } }' }),
    });
    expect(await set.json()).toEqual({ data: { updateDepartment: { requestsPerSecond: 1 } } });
    const page = '{ people(first: 1) { nodes { name } } }';
    await eventually(5_000, async () => {
      const codes = (await Promise.all([1, 2, 3].map(() => ask(city.url, quotaKey, page)))).map((r) => r.body.errors?.[0]?.extensions?.code);
      return codes.includes('RATE_LIMITED');
    });
  });

  it("reports the grants a scenario never used, with its applications' traffic, through the admin API and the CLI", async () => {
    const admin = (query: string) =>
      fetch(city.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${adminKey}` },
        body: JSON.stringify({ query }),
      }).then(async (r) => (await r.json()) as { data?: any; errors?: unknown });
    const usage = await admin(
      `{ grantUsage(scenario: "rated", days: 1) { days used { coordinate requests } unused applications { application { name } requests refused rows } } }`,
    );
    expect(usage.errors).toBeUndefined();
    const { grantUsage } = usage.data;
    expect(grantUsage.used.map((u: { coordinate: string }) => u.coordinate).sort()).toEqual(['Division.code', 'Query.divisions']);
    expect(grantUsage.unused).toEqual(['Division.name']);
    expect(grantUsage.applications).toEqual([{ application: { name: 'n (demo app)' }, requests: expect.any(Number), refused: expect.any(Number), rows: 0 }]);
    const [app] = grantUsage.applications;
    expect(app.refused).toBeGreaterThan(0);
    expect(app.requests).toBeGreaterThan(app.refused);

    const printed: string[] = [];
    const log = jest.spyOn(console, 'log').mockImplementation((line: string) => void printed.push(line));
    try {
      await grantsUnusedCommand(readEnv({ CIVICGRAPH_ADMIN_KEY: adminKey, CIVICGRAPH_URL: city.url }), 'rated', 1);
    } finally {
      log.mockRestore();
    }
    expect(process.exitCode).toBe(1);
    process.exitCode = undefined;
    expect(printed).toContain('Never used, proposed for removal: Division.name');
    expect(printed).toContain('To remove them: mutation { removeGrants(scenarioCode: "rated", coordinates: ["Division.name"]) { version } }');
  });

  it('shuts out a key prefix that failed to authenticate too often, right key or not, for the rest of the minute', async () => {
    const guess = `${quotaKey.slice(0, 10)}${'x'.repeat(33)}`;
    const statuses: number[] = [];
    for (let i = 0; i < 7; i++) statuses.push((await ask(secondUrl, guess)).status);
    expect(statuses).toEqual([401, 401, 401, 401, 401, 429, 429]);
    // The right key with that prefix (and from that address) waits too; the other gateway has its own count.
    const shut = await ask(secondUrl, rateKey);
    expect(shut).toMatchObject({ status: 429, body: { errors: [expect.objectContaining({ extensions: expect.objectContaining({ code: 'RATE_LIMITED' }) })] } });
    expect(Number(shut.retryAfter)).toBeGreaterThan(0);
    expect(await recordOf(shut.requestId)).toMatchObject({ decision: 'REFUSED', error_codes: ['RATE_LIMITED'], scenario: null });
  });
});
