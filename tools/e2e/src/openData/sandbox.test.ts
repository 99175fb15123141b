import { createHash } from 'node:crypto';
import { makeUscc, parseIdNumber } from '@civicgraph/identifiers';
import { PrismaClient as GovernanceClient } from '@civicgraph/prisma/governance';
import { createScenarios, startTestCivicGraph, type GraphQLResponse, type TestCivicGraph } from '@civicgraph/platform';

const RELEASE =
  'id status threshold breakdown cellsBelowDefault exactlyDisclosed reason table { dimensions cells { values count suppressed } method { threshold } }';

describe('the data sandbox: aggregates only, dummy records to develop with, and outputs below the default rules held for review', () => {
  let city: TestCivicGraph;
  let origin: string;
  let reviewerKey: string;
  let sandboxKey: string;
  const REVIEWER = '11010519491231002X';
  const open = (query: string, variables: Record<string, unknown> = {}) => city.post(`${origin}/open/graphql`, JSON.stringify({ query, variables }));
  const review = async (query: string, variables: Record<string, unknown> = {}) =>
    city.query(query, variables, { authorization: `Bearer ${reviewerKey}`, 'x-subject-token': await city.subjectToken(REVIEWER) });
  const sandbox = (query: string, variables: Record<string, unknown> = {}) => city.query(query, variables, { authorization: `Bearer ${sandboxKey}` });
  const data = (response: GraphQLResponse) => {
    expect(response.body.errors).toBeUndefined();
    return response.body.data!;
  };

  beforeAll(async () => {
    city = await startTestCivicGraph();
    origin = city.url.replace(/\/graphql$/, '');
    const governance = new GovernanceClient({ adapter: city.dbs.governance.adapter });
    const [reviewer] = await createScenarios(governance, [
      {
        code: 'psb-sandbox-review',
        name: 'psb-sandbox-review',
        purpose: 'tests',
        legalBasis: 'tests',
        departmentCode: 'SH-PSB',
        useReasonRequired: false,
        grants: [
          'Query.openDataApplicationQueue',
          'Mutation.decideOpenDataApplication',
          'OpenDataApplication.id',
          'OpenDataApplication.status',
          'OpenDataApplication.scenarioCode',
          'Query.statisticsReleaseQueue',
          'Mutation.decideStatisticsRelease',
          ...['id', 'status', 'threshold', 'breakdown', 'cellsBelowDefault', 'exactlyDisclosed', 'reason', 'table'].map((f) => `StatisticsRelease.${f}`),
        ],
      },
    ]);
    reviewerKey = reviewer!.apiKey;
    // An organisation applies for the sandbox; the police bureau approves; the organisation claims its key.
    const { applyForOpenData: submitted } = data(
      await open(`mutation($input: OpenDataApplicationInput!) { applyForOpenData(input: $input) { claimToken application { id ownerCode } } }`, {
        input: {
          organisationName: '人口研究所',
          organisationUscc: makeUscc('5', '2', '310000', 'MA1K3Y9Y'),
          contactEmail: 'lab@example.org',
          purpose: 'Ageing by township',
          safeguards: 'Outputs reviewed before use',
          agreementSha256: createHash('sha256').update('sandbox agreement').digest('hex'),
          datasets: ['population.StatisticsRelease.conditional'],
          until: new Date(Date.now() + 30 * 86_400_000).toISOString(),
        },
      }),
    );
    expect(submitted.application.ownerCode).toBe('SH-PSB');
    data(
      await review(`mutation($id: ID!) { decideOpenDataApplication(id: $id, input: { approve: true }) { status } }`, {
        id: submitted.application.id,
      }),
    );
    sandboxKey = data(
      await open(`mutation($id: ID!, $t: String!) { claimOpenDataKey(id: $id, claimToken: $t) { apiKey } }`, {
        id: submitted.application.id,
        t: submitted.claimToken,
      }),
    ).claimOpenDataKey.apiKey;
    await new Promise((resolve) => setTimeout(resolve, 300));
  });
  afterAll(() => city?.stop());

  it('reads aggregates and never a resident’s record', async () => {
    const table = data(await sandbox(`{ residentStatistics(by: [DISTRICT]) { cells { count } } }`)).residentStatistics;
    expect(table.cells.length).toBe(17);
    const person = await sandbox(`{ people(first: 1) { nodes { name } } }`);
    expect(person.body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it('develops against dummy records shaped like the real ones, at /sandbox/graphql', async () => {
    const response = await fetch(`${origin}/sandbox/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${sandboxKey}` },
      body: JSON.stringify({ query: '{ people(first: 3) { nodes { idNumber name birthDate residenceDistrict { code name } } } }' }),
    });
    expect(response.headers.get('x-civicgraph-sandbox')).toBe('dummy-data');
    const body = (await response.json()) as { data: { people: { nodes: { idNumber: string; name: string }[] } }; extensions: { sandbox: string } };
    expect(body.extensions.sandbox).toMatch(/no record is real/);
    const nodes = body.data.people.nodes;
    expect(nodes.length).toBeGreaterThan(0);
    for (const node of nodes) expect(parseIdNumber(node.idNumber).ok).toBe(true);
    // None of them is a resident of the city.
    const real = await city.dbs.population.query('SELECT 1 FROM person WHERE id_number = ANY($1::varchar[])', [nodes.map((n) => n.idNumber)]);
    expect(real).toHaveLength(0);
    // The negative list is not even shaped; a request without a valid key is refused.
    const religion = await fetch(`${origin}/sandbox/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${sandboxKey}` },
      body: JSON.stringify({ query: '{ people(first: 1) { nodes { religion } } }' }),
    });
    expect(((await religion.json()) as GraphQLResponse['body']).errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    const anonymous = await fetch(`${origin}/sandbox/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"query":"{ __typename }"}',
    });
    expect(anonymous.status).toBe(401);
  });

  it('holds a table below the default threshold until the owner’s reviewer releases it, and gives it only to the asker', async () => {
    const tooHigh = await sandbox(`mutation { requestStatisticsRelease(by: [DISTRICT], threshold: 10) { id } }`);
    expect(tooHigh.body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const held = data(await sandbox(`mutation { requestStatisticsRelease(by: [DISTRICT, GENDER], threshold: 5) { ${RELEASE} } }`)).requestStatisticsRelease;
    expect(held).toMatchObject({ status: 'HELD', threshold: 5, breakdown: ['DISTRICT', 'GENDER'], exactlyDisclosed: 0, table: null });
    expect(held.cellsBelowDefault).toBeGreaterThan(0);

    const queue = data(await review(`{ statisticsReleaseQueue { id cellsBelowDefault exactlyDisclosed } }`)).statisticsReleaseQueue as { id: string }[];
    expect(queue.map((r) => r.id)).toContain(held.id);
    // The application that asked cannot release its own table, nor can anyone outside the owner.
    const own = await city.query(`mutation($id: ID!) { decideStatisticsRelease(id: $id, release: true) { status } }`, { id: held.id });
    expect(own.body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    data(await review(`mutation($id: ID!) { decideStatisticsRelease(id: $id, release: true) { status } }`, { id: held.id }));

    const released = data(await sandbox(`query($id: ID!) { statisticsRelease(id: $id) { ${RELEASE} } }`, { id: held.id })).statisticsRelease;
    expect(released.status).toBe('RELEASED');
    const counts = (released.table.cells as { count: number | null }[]).flatMap((c) => (c.count === null ? [] : [c.count]));
    expect(Math.min(...counts)).toBeGreaterThanOrEqual(5);
    expect(counts.some((c) => c < 10)).toBe(true);
    expect(released.table.method.threshold).toBe(5);
    // Another application does not see it at all.
    expect(data(await city.query(`query($id: ID!) { statisticsRelease(id: $id) { id } }`, { id: held.id })).statisticsRelease).toBeNull();
  });

  it('keeps at most ten tables of an application waiting for review', async () => {
    const answers = [];
    for (let i = 0; i < 11; i++) answers.push(await sandbox(`mutation { requestStatisticsRelease(by: [GENDER], threshold: 4) { id } }`));
    expect(answers.filter((a) => !a.body.errors)).toHaveLength(10);
    expect(answers.at(-1)!.body.errors?.[0]?.extensions?.code).toBe('CONFLICT');
  });
});
