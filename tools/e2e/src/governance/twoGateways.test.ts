import { REQUEST_LOG, verifyChain } from '@civicgraph/audit';
import { createScenarios, DEMO_SCENARIOS, eventually, startTestCivicGraph, type TestCivicGraph } from '@civicgraph/platform';
import { issueAdminKey } from '@civicgraph/governance-subgraph';
import { PrismaClient as GovernanceClient } from '@civicgraph/prisma/governance';

/** Horizontal scale: a second gateway over the same subgraphs and governance database. */
describe('two gateways', () => {
  let city: TestCivicGraph;
  let secondUrl: string;
  let officeKey: string;
  let adminKey: string;
  let idNumber: string;

  beforeAll(async () => {
    city = await startTestCivicGraph();
    const governance = new GovernanceClient({ adapter: city.dbs.governance.adapter });
    secondUrl = (await city.anotherGateway()).url;
    const [office] = await createScenarios(governance, [{ ...DEMO_SCENARIOS.find((s) => s.code === 'district-office')!, useReasonRequired: false }]);
    officeKey = office!.apiKey;
    adminKey = (await issueAdminKey(governance)).apiKey;
    [{ id_number: idNumber }] = (await city.dbs.population.query<{ id_number: string }>(
      `SELECT id_number FROM person WHERE residence_district_code = '310101' ORDER BY id LIMIT 1`,
    )) as [{ id_number: string }];
  });
  afterAll(() => city?.stop());

  const ask = (url: string, key: string, query: string) =>
    fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` }, body: JSON.stringify({ query }) }).then(
      async (r) => ({
        status: r.status,
        requestId: r.headers.get('x-request-id')!,
        body: (await r.json()) as { data?: any; errors?: { extensions?: { code?: string } }[] },
      }),
    );

  it('both serve, and both append to one intact request-log chain', async () => {
    const query = `{ personByIdNumber(idNumber: "${idNumber}") { name gender } }`;
    const responses = await Promise.all(Array.from({ length: 30 }, (_, i) => ask(i % 2 ? secondUrl : city.url, officeKey, query)));
    for (const r of responses) expect(r).toMatchObject({ status: 200, body: { data: { personByIdNumber: { name: expect.any(String) } } } });
    const logged = await city.dbs.governance.query<{ request_id: string }>(`SELECT request_id FROM audit_request WHERE request_id = ANY($1)`, [
      responses.map((r) => r.requestId),
    ]);
    expect(logged).toHaveLength(30);
    expect(await verifyChain(city.dbs.governance, REQUEST_LOG)).toMatchObject({ problem: null });
  });

  it('applies a grant change made through one gateway on the other within 5 seconds', async () => {
    const removed = await ask(city.url, adminKey, `mutation { removeGrants(scenarioCode: "district-office", coordinates: ["Person.gender"]) { code } }`);
    expect(removed.body.errors).toBeUndefined();
    await eventually(5_000, async () => (await ask(secondUrl, officeKey, `{ personByIdNumber(idNumber: "${idNumber}") { gender } }`)).status === 403);
  });
});
