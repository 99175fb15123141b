import { createScenarios, eventually, startTestCivicGraph, type GraphQLResponse, type TestCivicGraph } from '@civicgraph/platform';
import { DEFAULT_DIRECTORY_CACHE_MS } from '@civicgraph/gateway';
import { issueAdminKey } from '@civicgraph/governance-subgraph';
import { PrismaClient as GovernanceClient } from '@civicgraph/prisma/governance';
import { demandFromDatabase, demandThroughAdminApi } from '@civicgraph/cli';

const ITEM = 'id coordinate status reason sharing dueOn overdue late answerWorkingDays owner { code }';

describe('share requests: from request to grants in force, through the gateway', () => {
  let city: TestCivicGraph;
  let adminKey: string;
  /** Keys by application, each bound to its data scenario and to the governance scenario it needs. */
  const keys: Record<string, string> = {};
  let personId: string;
  /**
   * The governance clock: requests are submitted on Friday 25 September 2026 (10:00 in Shanghai), just
   * before the National Day holiday (1–7 October off, Saturday 10 October worked).
   */
  let now = new Date('2026-09-25T02:00:00Z');

  const call = (key: string, scenario: string | undefined, query: string, variables: Record<string, unknown> = {}, headers: Record<string, string> = {}) =>
    city.query(query, variables, { authorization: `Bearer ${key}`, ...(scenario ? { 'x-scenario': scenario } : {}), ...headers });
  /** The reviewing officials (their ID numbers), who sign in to the reviewing applications. */
  const OFFICIAL = '11010519491231002X';
  const SECOND_OFFICIAL = '440524188001010014';
  const as = async (official: string) => ({ 'x-subject-token': await city.subjectToken(official) });
  const admin = (query: string, variables: Record<string, unknown> = {}) => call(adminKey, undefined, query, variables);
  const data = (response: GraphQLResponse) => {
    expect(response.body.errors).toBeUndefined();
    return response.body.data!;
  };

  /** An application of `department`, bound to `scenarios`, with a fresh key. */
  const registerApp = async (name: string, department: string, scenarios: string[]) => {
    const { createApplication: app } = data(
      await admin(`mutation($d: String!, $n: String!) { createApplication(input: { name: $n, departmentCode: $d }) { id } }`, { d: department, n: name }),
    );
    for (const code of scenarios)
      data(await admin(`mutation($c: String!, $a: ID!) { bindApplication(scenarioCode: $c, applicationId: $a) { code } }`, { c: code, a: app.id }));
    keys[name] = data(await admin(`mutation($a: ID!) { issueApiKey(applicationId: $a) { secret } }`, { a: app.id })).issueApiKey.secret;
  };

  beforeAll(async () => {
    city = await startTestCivicGraph({ cacheMs: DEFAULT_DIRECTORY_CACHE_MS, governanceClock: () => now });
    const governance = new GovernanceClient({ adapter: city.dbs.governance.adapter });
    ({ apiKey: adminKey } = await issueAdminKey(governance, 'Test administrator'));
    [{ id: personId }] = (await city.dbs.population.query<{ id: string }>('SELECT id FROM person ORDER BY id LIMIT 1')) as [{ id: string }];
    // The two governance roles: departments asking, and owners reviewing.
    const role = (code: string, grants: string[]) => ({
      code,
      name: code,
      purpose: 'tests',
      legalBasis: 'tests',
      departmentCode: 'SH-BDC',
      useReasonRequired: false,
      grants,
    });
    const itemFields = [
      'ShareRequestItem.id',
      'ShareRequestItem.coordinate',
      'ShareRequestItem.status',
      'ShareRequestItem.reason',
      'ShareRequestItem.sharing',
      'ShareRequestItem.dueOn',
      'ShareRequestItem.overdue',
      'ShareRequestItem.late',
      'ShareRequestItem.answerWorkingDays',
      'ShareRequestItem.owner',
      'Department.code',
    ];
    await createScenarios(governance, [
      role('share-requesting', ['Mutation.submitShareRequest', 'ShareRequest.id', 'ShareRequest.items', ...itemFields]),
      role('share-review', ['Query.reviewQueue', 'Mutation.decideShareItem', ...itemFields]),
    ]);
    data(await admin(`mutation { createDepartment(input: { code: "SH-HEALTH", name: "上海市卫生健康委员会" }) { code } }`));
    data(
      await admin(
        `mutation { createScenario(input: { code: "birth-certificate", name: "出生医学证明", purpose: "Birth certificates", legalBasis: "《母婴保健法》", departmentCode: "SH-HEALTH" }) { code } }`,
      ),
    );
    await registerApp('health desk', 'SH-HEALTH', ['birth-certificate', 'share-requesting']);
    await registerApp('police reviewer', 'SH-PSB', ['share-review']);
    await registerApp('market reviewer', 'SH-AMR', ['share-review']);
  });
  afterAll(() => city?.stop());

  it('approves unconditional items at once, refuses negative-list items with their legal basis, and queues the rest for their owner', async () => {
    const submitted = data(
      await call(
        keys['health desk']!,
        'share-requesting',
        `mutation($input: ShareRequestInput!) { submitShareRequest(input: $input) { id items { ${ITEM} } } }`,
        {
          input: {
            scenarioCode: 'birth-certificate',
            coordinates: ['Query.person', 'Person.name', 'Person.gender', 'Person.religion', 'Query.division', 'Division.name'],
            justification: 'Birth certificates name the parents',
            legalBasis: '《中华人民共和国母婴保健法》第二十三条',
          },
        },
      ),
    ).submitShareRequest;
    // The 10th official working day after submission, counted across the holiday and its make-up Saturday.
    const due = '2026-10-15';
    const byCoordinate = Object.fromEntries((submitted.items as { coordinate: string }[]).map((i) => [i.coordinate, i]));
    expect(byCoordinate['Division.name']).toMatchObject({
      status: 'APPROVED',
      sharing: 'UNCONDITIONAL',
      dueOn: null,
      answerWorkingDays: 0,
      owner: { code: 'SH-PNR' },
    });
    expect(byCoordinate['Query.division']).toMatchObject({ status: 'APPROVED' });
    expect(byCoordinate['Person.religion']).toMatchObject({
      status: 'REFUSED',
      sharing: 'NONE',
      reason: expect.stringContaining('《中华人民共和国个人信息保护法》第二十八条'),
    });
    for (const c of ['Query.person', 'Person.name', 'Person.gender']) {
      expect(byCoordinate[c]).toMatchObject({ status: 'PENDING', sharing: 'CONDITIONAL', dueOn: due, overdue: false, late: false, owner: { code: 'SH-PSB' } });
    }

    // Unconditional grants are in force within seconds; the pending ones are not.
    await eventually(5_000, async () => (await call(keys['health desk']!, 'birth-certificate', '{ division(code: "310101") { name } }')).status === 200);
    expect((await call(keys['health desk']!, 'birth-certificate', `query($id: ID!) { person(id: $id) { name } }`, { id: personId })).status).toBe(403);
  });

  it('lets only the owning department decide, each item once, refusals with a reason; approvals become grants within 5 seconds', async () => {
    const queue = data(await call(keys['police reviewer']!, 'share-review', `{ reviewQueue { ${ITEM} } }`)).reviewQueue as { id: string; coordinate: string }[];
    expect(queue.map((i) => i.coordinate).sort()).toEqual(['Person.gender', 'Person.name', 'Query.person']);
    expect(data(await call(keys['market reviewer']!, 'share-review', `{ reviewQueue { id } }`)).reviewQueue).toEqual([]);
    const id = (coordinate: string) => queue.find((i) => i.coordinate === coordinate)!.id;
    const decide = async (key: string, itemId: string, input: Record<string, unknown>, official: string | null = OFFICIAL) =>
      call(
        key,
        'share-review',
        `mutation($id: ID!, $input: ShareDecisionInput!) { decideShareItem(id: $id, input: $input) { ${ITEM} } }`,
        { id: itemId, input },
        official ? await as(official) : {},
      );

    const anonymous = await decide(keys['police reviewer']!, id('Query.person'), { approve: true }, null);
    expect(anonymous.body.errors).toEqual([
      expect.objectContaining({
        message: 'A decision names the official who makes it: send their X-Subject-Token with the call, or decide in the console',
        extensions: expect.objectContaining({ code: 'FORBIDDEN', rule: 'namedReviewer' }),
      }),
    ]);

    const stranger = await decide(keys['market reviewer']!, id('Query.person'), { approve: true });
    expect(stranger.body.errors).toEqual([
      expect.objectContaining({
        message: 'Query.person is owned by SH-PSB; a reviewer of SH-AMR cannot decide it',
        extensions: expect.objectContaining({ code: 'FORBIDDEN' }),
      }),
    ]);
    const noReason = await decide(keys['police reviewer']!, id('Person.gender'), { approve: false });
    expect(noReason.body.errors).toEqual([
      expect.objectContaining({ extensions: expect.objectContaining({ code: 'BAD_USER_INPUT', argument: 'input.reason' }) }),
    ]);

    expect(data(await decide(keys['police reviewer']!, id('Query.person'), { approve: true })).decideShareItem).toMatchObject({
      status: 'APPROVED',
      answerWorkingDays: 0,
      late: false,
    });
    expect(
      data(await decide(keys['police reviewer']!, id('Person.name'), { approve: true, grantExpiresAt: '2099-01-01T00:00:00Z' })).decideShareItem,
    ).toMatchObject({ status: 'APPROVED' });
    // The last item is decided the day after its due date: listed as overdue until then, recorded as late.
    now = new Date('2026-10-16T02:00:00Z');
    expect(data(await admin(`{ overdueShareItems { coordinate overdue } }`)).overdueShareItems).toEqual([{ coordinate: 'Person.gender', overdue: true }]);
    expect(
      data(await decide(keys['police reviewer']!, id('Person.gender'), { approve: false, reason: 'Sex is read from the birth record itself' })).decideShareItem,
    ).toMatchObject({
      status: 'REFUSED',
      reason: 'Sex is read from the birth record itself',
      late: true,
      answerWorkingDays: 11,
    });
    const again = await decide(keys['police reviewer']!, id('Query.person'), { approve: false, reason: 'changed my mind' });
    expect(again.body.errors).toEqual([expect.objectContaining({ extensions: expect.objectContaining({ code: 'CONFLICT' }) })]);

    const query = (fields: string) => call(keys['health desk']!, 'birth-certificate', `query($id: ID!) { person(id: $id) { ${fields} } }`, { id: personId });
    await eventually(5_000, async () => (await query('name')).status === 200);
    expect((await query('name')).body).toEqual({ data: { person: { name: expect.any(String) } } });
    expect((await query('gender')).body.errors).toEqual([expect.objectContaining({ extensions: { code: 'FORBIDDEN', notGranted: ['Person.gender'] } })]);
    const grant = await city.dbs.governance.query<{ expires_at: Date }>(
      `SELECT expires_at FROM "grant" WHERE scenario_code = 'birth-certificate' AND coordinate = 'Person.name'`,
    );
    expect(grant[0]!.expires_at.toISOString()).toBe('2099-01-01T00:00:00.000Z');
  });

  it('records who submitted and who decided: application, scenario, official and request', async () => {
    const { shareRequests } = data(
      await admin(`{ shareRequests { submittedBy { application { name } scenario { code } official requestId }
                                     items { coordinate decidedBy { application { name } scenario { code } official requestId } } } }`),
    );
    const [request] = shareRequests as { submittedBy: Record<string, unknown>; items: { coordinate: string; decidedBy: Record<string, unknown> | null }[] }[];
    expect(request!.submittedBy).toEqual({
      application: { name: 'health desk' },
      scenario: { code: 'share-requesting' },
      official: null,
      requestId: expect.any(String),
    });
    const byCoordinate = Object.fromEntries(request!.items.map((i) => [i.coordinate, i.decidedBy]));
    expect(byCoordinate['Division.name']).toBeNull();
    expect(byCoordinate['Query.person']).toEqual({
      application: { name: 'police reviewer' },
      scenario: { code: 'share-review' },
      official: OFFICIAL,
      requestId: expect.any(String),
    });
    const [record] = await city.dbs.governance.query<{ subject: string; coordinates: string[] }>(
      `SELECT subject, coordinates FROM audit_request WHERE request_id = $1`,
      [(byCoordinate['Query.person'] as { requestId: string }).requestId],
    );
    expect(record).toMatchObject({ subject: OFFICIAL, coordinates: expect.arrayContaining(['Mutation.decideShareItem']) });
  });

  it('keeps the demand list, the three lists and the evaluation', async () => {
    const lists = data(
      await admin(`{
        shareRequests { department { code } scenario { code } items { coordinate status } }
        negativeList { coordinate ownerCode legalBasis }
        responsibilityList { departmentCode items { coordinate } }
        catalog(filter: { database: "population", minGrade: 4 }) { coordinate grade sharing dataType }
        departmentEvaluation { department { code } itemsOwned itemsRequested approved refused pending overdue averageAnswerWorkingDays maxAnswerWorkingDays late }
      }`),
    );
    expect(lists.shareRequests).toEqual([
      {
        department: { code: 'SH-HEALTH' },
        scenario: { code: 'birth-certificate' },
        items: expect.arrayContaining([{ coordinate: 'Person.gender', status: 'REFUSED' }]),
      },
    ]);
    expect(lists.negativeList).toEqual([{ coordinate: 'Person.religion', ownerCode: 'SH-PSB', legalBasis: expect.stringContaining('第二十八条') }]);
    // `civicgraph catalog:export --list demand` beside a running server reads it through the admin API: the same rows.
    const direct = await demandFromDatabase(new GovernanceClient({ adapter: city.dbs.governance.adapter }));
    expect(direct.length).toBeGreaterThan(0);
    expect(await demandThroughAdminApi({ CIVICGRAPH_URL: city.url, CIVICGRAPH_ADMIN_KEY: adminKey, PORT: 0 })).toEqual(direct);
    const owners = (lists.responsibilityList as { departmentCode: string; items: { coordinate: string }[] }[]).map((r) => r.departmentCode);
    expect(owners).toEqual(expect.arrayContaining(['SH-AMR', 'SH-BDC', 'SH-PNR', 'SH-PSB']));
    expect(lists.catalog).toEqual(expect.arrayContaining([{ coordinate: 'Person.idNumber', grade: 4, sharing: 'CONDITIONAL', dataType: 'String!' }]));
    const police = (lists.departmentEvaluation as { department: { code: string } }[]).find((e) => e.department.code === 'SH-PSB');
    expect(police).toEqual({
      department: { code: 'SH-PSB' },
      itemsOwned: expect.any(Number),
      itemsRequested: 4,
      approved: 2,
      refused: 2,
      pending: 0,
      overdue: 0,
      // Three reviewed items answered in 0, 0 and 11 working days (the negative-list refusal is automatic).
      averageAnswerWorkingDays: 3.7,
      maxAnswerWorkingDays: 11,
      late: 1,
    });
  });

  it("refuses a request for another department's scenario, and lists every problem with a request at once", async () => {
    const other = await call(
      keys['health desk']!,
      'share-requesting',
      `mutation { submitShareRequest(input: { scenarioCode: "share-review", coordinates: ["Person.name"], justification: "x", legalBasis: "x" }) { id } }`,
    );
    expect(other.body.errors).toEqual([expect.objectContaining({ extensions: expect.objectContaining({ code: 'FORBIDDEN' }) })]);
    const bad = await call(
      keys['health desk']!,
      'share-requesting',
      `mutation { submitShareRequest(input: { scenarioCode: "nope", coordinates: ["Person.shoeSize", "Person.name", "Person.name"], justification: " ", legalBasis: "x" }) { id } }`,
    );
    expect(bad.body.errors![0]!.extensions).toEqual({
      serviceName: 'governance',
      code: 'BAD_USER_INPUT',
      problems: [
        { argument: 'input.justification', reason: 'must not be empty' },
        { argument: 'input.coordinates[0]', reason: 'Person.shoeSize is not a data item of the catalog', coordinate: 'Person.shoeSize' },
        { argument: 'input.coordinates[2]', reason: 'Person.name is named twice', coordinate: 'Person.name' },
        { argument: 'input.scenarioCode', reason: 'no scenario "nope"' },
      ],
    });
    expect(await city.dbs.governance.query(`SELECT count(*)::int AS n FROM share_request`)).toEqual([{ n: 1 }]);
  });

  it('separates duties: governance fields are never requested, and nobody decides what their own application, scenario or official asked for', async () => {
    // The big-data centre runs an application that may both request and review.
    const both = {
      code: 'request-and-review',
      name: 'both',
      purpose: 'tests',
      legalBasis: 'tests',
      departmentCode: 'SH-PSB',
      useReasonRequired: false,
      grants: [
        'Mutation.submitShareRequest',
        'Query.reviewQueue',
        'Mutation.decideShareItem',
        'ShareRequest.id',
        'ShareRequest.items',
        'ShareRequestItem.id',
        'ShareRequestItem.coordinate',
        'ShareRequestItem.status',
      ],
    };
    const governance = new GovernanceClient({ adapter: city.dbs.governance.adapter });
    await createScenarios(governance, [both]);
    await registerApp('police all-in-one', 'SH-PSB', ['request-and-review']);
    const submit = async (coordinates: string[]) =>
      call(
        keys['police all-in-one']!,
        undefined,
        `mutation($c: [String!]!) { submitShareRequest(input: { scenarioCode: "request-and-review", coordinates: $c, justification: "x", legalBasis: "x" }) { id items { id coordinate status } } }`,
        { c: coordinates },
        await as(SECOND_OFFICIAL),
      );

    const governanceItems = await submit(['Mutation.addGrants', 'Query.auditRequests', 'Person.accessLog', 'Query.populationDisclosures']);
    expect(governanceItems.body.errors![0]!.extensions!.problems).toEqual(
      ['Mutation.addGrants', 'Query.auditRequests', 'Person.accessLog', 'Query.populationDisclosures'].map((coordinate, i) => ({
        argument: `input.coordinates[${i}]`,
        reason: `${coordinate} administers the platform or reads its audit trail: it is not data, so only administrators grant it`,
        coordinate,
      })),
    );

    const { submitShareRequest } = data(await submit(['Person.phone']));
    const item = submitShareRequest.items[0] as { id: string; status: string };
    expect(item.status).toBe('PENDING');
    const decideAs = async (key: string, scenario: string, official: string) =>
      call(key, scenario, `mutation($id: ID!) { decideShareItem(id: $id, input: { approve: true }) { status } }`, { id: item.id }, await as(official));
    const self = await decideAs(keys['police all-in-one']!, 'request-and-review', OFFICIAL);
    expect(self.body.errors).toEqual([
      expect.objectContaining({
        message: 'Four eyes: your application submitted the request, so another reviewer of SH-PSB must decide Person.phone',
        extensions: expect.objectContaining({ code: 'FORBIDDEN', rule: 'fourEyes' }),
      }),
    ]);
    const sameOfficial = await decideAs(keys['police reviewer']!, 'share-review', SECOND_OFFICIAL);
    expect(sameOfficial.body.errors).toEqual([
      expect.objectContaining({ message: 'Four eyes: you submitted the request, so another reviewer of SH-PSB must decide Person.phone' }),
    ]);
    // Still pending: nothing was granted.
    expect(await city.dbs.governance.query(`SELECT 1 FROM "grant" WHERE scenario_code = 'request-and-review' AND coordinate = 'Person.phone'`)).toEqual([]);
    expect(data(await decideAs(keys['police reviewer']!, 'share-review', OFFICIAL)).decideShareItem).toEqual({ status: 'APPROVED' });
  });
});
