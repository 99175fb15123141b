import { createHash } from 'node:crypto';
import { makeUscc } from '@civicgraph/identifiers';
import { PrismaClient as GovernanceClient } from '@civicgraph/prisma/governance';
import { createScenarios, startTestCivicGraph, type GraphQLResponse, type TestCivicGraph } from '@civicgraph/platform';

const APPLICATION = 'id status ownerCode dueOn until scenarioCode reason answerWorkingDays late datasets';

describe('conditional opening: an outside organisation applies, the owner reviews, the approval is a time-bounded scenario', () => {
  let city: TestCivicGraph;
  let origin: string;
  let reviewerKey: string;
  let addressId: string;
  const REVIEWER = '11010519491231002X';
  const open = (query: string, variables: Record<string, unknown> = {}) => city.post(`${origin}/open/graphql`, JSON.stringify({ query, variables }));
  const review = async (query: string, variables: Record<string, unknown> = {}) =>
    city.query(query, variables, { authorization: `Bearer ${reviewerKey}`, 'x-subject-token': await city.subjectToken(REVIEWER) });
  const data = (response: GraphQLResponse) => {
    expect(response.body.errors).toBeUndefined();
    return response.body.data!;
  };
  const agreement = createHash('sha256').update('数据利用协议 signed 2026-12-01').digest('hex');
  const input = (overrides: Record<string, unknown> = {}) => ({
    organisationName: '上海城市研究院',
    organisationUscc: makeUscc('5', '2', '310000', 'MA1K3Y9X'),
    contactEmail: 'data@example.org',
    purpose: 'Walking distances from homes to services, by township',
    safeguards: 'Kept on one encrypted server in Shanghai; three named analysts; deleted at the end of the period',
    agreementSha256: agreement,
    datasets: ['spatial.Address.conditional', 'spatial.NearbyAddress.conditional'],
    until: new Date(Date.now() + 90 * 86_400_000).toISOString(),
    ...overrides,
  });
  const APPLY = `mutation($input: OpenDataApplicationInput!) { applyForOpenData(input: $input) { claimToken application { ${APPLICATION} } } }`;

  beforeAll(async () => {
    city = await startTestCivicGraph();
    origin = city.url.replace(/\/graphql$/, '');
    const governance = new GovernanceClient({ adapter: city.dbs.governance.adapter });
    const fields = [
      'id',
      'status',
      'ownerCode',
      'dueOn',
      'until',
      'scenarioCode',
      'reason',
      'answerWorkingDays',
      'late',
      'datasets',
      'contactEmail',
      'purpose',
    ];
    const [reviewer] = await createScenarios(governance, [
      {
        code: 'pnr-open-data-review',
        name: 'pnr-open-data-review',
        purpose: 'tests',
        legalBasis: 'tests',
        departmentCode: 'SH-PNR',
        useReasonRequired: false,
        grants: ['Query.openDataApplicationQueue', 'Mutation.decideOpenDataApplication', ...fields.map((f) => `OpenDataApplication.${f}`)],
      },
    ]);
    reviewerKey = reviewer!.apiKey;
    [{ id: addressId }] = (await city.dbs.spatial.query<{ id: string }>('SELECT id FROM address ORDER BY id LIMIT 1')) as [{ id: string }];
  });
  afterAll(() => city?.stop());

  it('takes an application through the open API, reviewed by the owner, and issues its key once to the token holder', async () => {
    const submitted = data(await open(APPLY, { input: input() })).applyForOpenData;
    const { application, claimToken } = submitted as { application: { id: string; dueOn: string; status: string; ownerCode: string }; claimToken: string };
    expect(application).toMatchObject({ status: 'PENDING', ownerCode: 'SH-PNR' });
    expect(application.dueOn).toMatch(/^\d{4}-\d{2}-\d{2}$/);

    // Before approval: no key, and the data stays closed to the organisation.
    const early = await open(`mutation($id: ID!, $t: String!) { claimOpenDataKey(id: $id, claimToken: $t) { apiKey } }`, { id: application.id, t: claimToken });
    expect(early.body.errors?.[0]?.extensions?.code).toBe('CONFLICT');
    // The claim token is the only way in: a wrong one is the same "not found" as an unknown id.
    const wrong = await open(`query($id: ID!) { openDataApplication(id: $id, claimToken: "cgc_wrong") { status } }`, { id: application.id });
    expect(wrong.body.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');

    const queue = data(await review(`{ openDataApplicationQueue { id purpose contactEmail } }`)).openDataApplicationQueue as { id: string }[];
    expect(queue.map((a) => a.id)).toContain(application.id);
    const until = new Date(Date.now() + 30 * 86_400_000).toISOString();
    const decided = data(
      await review(`mutation($id: ID!, $until: DateTime) { decideOpenDataApplication(id: $id, input: { approve: true, until: $until }) { ${APPLICATION} } }`, {
        id: application.id,
        until,
      }),
    ).decideOpenDataApplication;
    expect(decided).toMatchObject({ status: 'APPROVED', answerWorkingDays: 0, late: false, until });
    expect(decided.scenarioCode).toMatch(/^open-app-/);

    const claim = `mutation($id: ID!, $t: String!) { claimOpenDataKey(id: $id, claimToken: $t) { apiKey scenarioCode validUntil } }`;
    const key = data(await open(claim, { id: application.id, t: claimToken })).claimOpenDataKey;
    expect(key).toMatchObject({ scenarioCode: decided.scenarioCode, validUntil: until });
    const again = await open(claim, { id: application.id, t: claimToken });
    expect(again.body.errors?.[0]?.extensions?.code).toBe('CONFLICT');

    // The key reads the conditionally open addresses, and still nothing the catalog keeps closed.
    await new Promise((resolve) => setTimeout(resolve, 300));
    const asOrganisation = (query: string, variables: Record<string, unknown> = {}) => city.query(query, variables, { authorization: `Bearer ${key.apiKey}` });
    const address = await asOrganisation(`query($id: ID!) { address(id: $id) { fullText district { name } } }`, { id: addressId });
    expect(address.body.errors).toBeUndefined();
    expect(address.body.data!.address.fullText).toEqual(expect.any(String));
    const person = await asOrganisation(`{ people(first: 1) { nodes { name } } }`);
    expect(person.body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const [scenario] = await city.dbs.governance.query<{ valid_until: Date; department_code: string }>(
      `SELECT valid_until, department_code FROM scenario WHERE code = $1`,
      [decided.scenarioCode],
    );
    expect(new Date(scenario!.valid_until).toISOString()).toBe(until);
    expect(scenario!.department_code).toBe('SH-EXT');

    // Its use, assembled from the request log, read back with the claim token.
    const usage = data(
      await open(
        `query($id: ID!, $t: String!) { openDataApplication(id: $id, claimToken: $t) { usage { requests refused records byDay { day requests } coordinates } } }`,
        {
          id: application.id,
          t: claimToken,
        },
      ),
    ).openDataApplication.usage;
    // Two requests, one refused; the address and its district were disclosed.
    expect(usage).toMatchObject({ requests: 2, refused: 1, records: 2 });
    expect(usage.byDay).toHaveLength(1);
    expect(usage.coordinates).toContain('Address.fullText');
  });

  it('refuses with a reason, and only the owner’s reviewer decides', async () => {
    const { application } = data(await open(APPLY, { input: input({ datasets: ['spatial.Address.conditional'] }) })).applyForOpenData;
    const noReason = await review(`mutation($id: ID!) { decideOpenDataApplication(id: $id, input: { approve: false }) { status } }`, { id: application.id });
    expect(noReason.body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const refused = data(
      await review(
        `mutation($id: ID!) { decideOpenDataApplication(id: $id, input: { approve: false, reason: "The purpose needs no room numbers" }) { status reason scenarioCode } }`,
        {
          id: application.id,
        },
      ),
    ).decideOpenDataApplication;
    expect(refused).toEqual({ status: 'REFUSED', reason: 'The purpose needs no room numbers', scenarioCode: null });
    // The all-fields test application is of SH-BDC: not the owner.
    const outsider = await city.query(`mutation($id: ID!) { decideOpenDataApplication(id: $id, input: { approve: true }) { status } }`, { id: application.id });
    expect(outsider.body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it('refuses a malformed application with every problem named, and nothing stored', async () => {
    const before = await city.dbs.governance.query<{ n: number }>('SELECT count(*)::int AS n FROM open_data_application');
    const bad = await open(APPLY, {
      input: input({
        organisationUscc: '91310000MA1K3Y9X00',
        agreementSha256: 'not-a-hash',
        datasets: ['legal-entity.LegalEntity', 'population.Person', 'spatial.Address.conditional'],
        until: new Date(Date.now() + 800 * 86_400_000).toISOString(),
      }),
    });
    expect(bad.body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const problems = bad.body.errors?.[0]?.extensions?.problems as { argument: string }[];
    expect(problems.map((p) => p.argument).sort()).toEqual(
      ['input.agreementSha256', 'input.datasets[0]', 'input.datasets[1]', 'input.organisationUscc', 'input.until'].sort(),
    );
    const after = await city.dbs.governance.query<{ n: number }>('SELECT count(*)::int AS n FROM open_data_application');
    expect(after[0]!.n).toBe(before[0]!.n);
  });

  it('puts open data in each department’s evaluation: items by grade, open-API use, applications and their handling', async () => {
    data(await open(`{ divisions(level: DISTRICT) { code name } }`));
    const evaluation = data(
      await city.query(`{ departmentEvaluation { department { code } openData {
        itemsUnconditional itemsConditional itemsNotOpen openApiRequests
        applicationsReceived applicationsApproved applicationsRefused applicationsPending applicationsOverdue applicationsLate averageAnswerWorkingDays } } }`),
    ).departmentEvaluation as { department: { code: string }; openData: Record<string, number | null> }[];
    const of = (code: string) => evaluation.find((e) => e.department.code === code)!.openData;
    expect(of('SH-PNR')).toMatchObject({
      applicationsReceived: 2,
      applicationsApproved: 1,
      applicationsRefused: 1,
      applicationsPending: 0,
      averageAnswerWorkingDays: 0,
    });
    expect(of('SH-PNR').itemsConditional).toBeGreaterThan(0);
    expect(of('SH-PNR').openApiRequests).toBeGreaterThanOrEqual(1);
    expect(of('SH-PSB')).toMatchObject({ applicationsReceived: 0, averageAnswerWorkingDays: null });
    // The police bureau opens the sandbox's statistics releases on application, and keeps residents' records closed.
    expect(of('SH-PSB').itemsConditional).toBeGreaterThan(0);
    expect(of('SH-PSB').itemsNotOpen).toBeGreaterThan(0);
    expect(of('SH-AMR').itemsUnconditional).toBeGreaterThan(0);
  });

  it('keeps at most three applications of an organisation waiting', async () => {
    const uscc = makeUscc('5', '2', '310000', '12345678');
    const answers = [];
    for (let i = 0; i < 4; i++) answers.push(await open(APPLY, { input: input({ organisationUscc: uscc }) }));
    expect(answers.slice(0, 3).every((a) => !a.body.errors)).toBe(true);
    expect(answers[3]!.body.errors?.[0]?.extensions?.code).toBe('CONFLICT');
  });
});
