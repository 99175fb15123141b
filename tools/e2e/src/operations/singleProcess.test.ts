import { CITIZEN_PROFILE_OPERATION, createScenarios, DEMO_SCENARIOS, startTestCivicGraph, type TestCivicGraph } from '@civicgraph/platform';
import { PrismaClient as GovernanceClient } from '@civicgraph/prisma/governance';

/**
 * Single-process mode runs the subgraphs inside the gateway's process. Everything a client sees must be
 * the same as over HTTP: data, refusals, masks, row constraints, error codes.
 */
describe('single-process mode answers exactly as the HTTP shape does', () => {
  let http: TestCivicGraph;
  let local: TestCivicGraph;
  const keys: Record<string, Record<string, string>> = {};
  let representative: { id: string; id_number: string };

  beforeAll(async () => {
    [http, local] = await Promise.all([startTestCivicGraph(), startTestCivicGraph({ transport: 'in-process' })]);
    for (const [name, city] of [
      ['http', http],
      ['local', local],
    ] as const) {
      const credentials = await createScenarios(new GovernanceClient({ adapter: city.dbs.governance.adapter }), DEMO_SCENARIOS);
      keys[name] = Object.fromEntries(credentials.map((c) => [c.code, c.apiKey]));
    }
    const [entity] = await http.dbs['legal-entity'].query<{ representative_id: string }>(`SELECT representative_id FROM legal_entity ORDER BY id LIMIT 1`);
    [representative] = (await http.dbs.population.query<{ id: string; id_number: string }>('SELECT id, id_number FROM person WHERE id = $1', [
      entity!.representative_id,
    ])) as [{ id: string; id_number: string }];
  });
  afterAll(async () => {
    await http?.stop();
    await local?.stop();
  });

  // [case, scenario, query, variables, headers, the first error code expected (null: none)]
  const cases: [string, string, string, () => Record<string, unknown>, () => Promise<Record<string, string>>, string | null][] = [
    [
      'the citizen profile (its registered operation), all five subgraphs',
      'one-network-service',
      CITIZEN_PROFILE_OPERATION,
      () => ({ idNumber: representative.id_number }),
      async () => ({ 'x-use-reason': 'case 1' }),
      null,
    ],
    [
      'a field not granted',
      'newborn-registration',
      `query($n: String!) { personByIdNumber(idNumber: $n) { name phone } }`,
      () => ({ n: representative.id_number }),
      async () => ({ 'x-use-reason': 'case 1' }),
      'FORBIDDEN',
    ],
    [
      'masked values and a search',
      'market-supervision',
      `{ legalEntities(first: 3) { nodes { name legalRepresentative { name idNumber } } } }`,
      () => ({}),
      async () => ({}),
      null,
    ],
    [
      'an operation the scenario has not registered',
      'one-network-service',
      `query($n: String!) { personByIdNumber(idNumber: $n) { name } }`,
      () => ({ n: representative.id_number }),
      async () => ({ 'x-use-reason': 'case 1' }),
      'OPERATION_NOT_REGISTERED',
    ],
    ['a page too large', 'district-office', `{ people(first: 60) { nodes { name } } }`, () => ({}), async () => ({ 'x-use-reason': 'visit' }), 'FORBIDDEN'],
    ['a self-only scenario without its subject token', 'citizen-self-service', `{ __typename }`, () => ({}), async () => ({}), 'UNAUTHENTICATED'],
    [
      'a self-only scenario with it',
      'citizen-self-service',
      `query($n: String!) { personByIdNumber(idNumber: $n) { name phone representedEntities { uscc } } }`,
      () => ({ n: representative.id_number }),
      async () => ({}),
      null,
    ],
    [
      'a malformed argument',
      'one-network-service',
      CITIZEN_PROFILE_OPERATION,
      () => ({ idNumber: '123' }),
      async () => ({ 'x-use-reason': 'case 1' }),
      'BAD_USER_INPUT',
    ],
  ];

  it.each(cases)('%s', async (_name, scenario, query, variables, headers, code) => {
    const answer = async (city: TestCivicGraph, name: 'http' | 'local') => {
      const subject: Record<string, string> =
        scenario === 'citizen-self-service' && query !== '{ __typename }' ? { 'x-subject-token': await city.subjectToken(representative.id_number) } : {};
      const response = await city.query(query, variables(), { authorization: `Bearer ${keys[name]![scenario]}`, ...(await headers()), ...subject });
      return { status: response.status, body: response.body };
    };
    const [overHttp, inProcess] = [await answer(http, 'http'), await answer(local, 'local')];
    expect(inProcess).toEqual(overHttp);
    expect(overHttp.body.errors?.[0]?.extensions?.code ?? null).toBe(code);
    if (!code) expect(JSON.stringify(overHttp.body.data)).toMatch(/"name":"[^"]+"/);
    expect(JSON.stringify(overHttp.body)).not.toMatch(/in-process:|127\.0\.0\.1/);
  });
});
