import { createScenarios, eventually, startTestCivicGraph, type GraphQLResponse, type TestCivicGraph } from '@civicgraph/platform';
import { DEFAULT_DIRECTORY_CACHE_MS } from '@civicgraph/gateway';
import { issueAdminKey } from '@civicgraph/governance-subgraph';
import { PrismaClient as GovernanceClient } from '@civicgraph/prisma/governance';

describe('the admin API, through the gateway', () => {
  let city: TestCivicGraph;
  let adminKey: string;
  let personId: string;
  const admin = (query: string, variables: Record<string, unknown> = {}) => city.query(query, variables, { authorization: `Bearer ${adminKey}` });
  const data = (response: GraphQLResponse) => {
    expect(response.body.errors).toBeUndefined();
    return response.body.data!;
  };

  beforeAll(async () => {
    // The production cache, so the 5-second promise is checked as shipped.
    city = await startTestCivicGraph({ cacheMs: DEFAULT_DIRECTORY_CACHE_MS });
    ({ apiKey: adminKey } = await issueAdminKey(new GovernanceClient({ adapter: city.dbs.governance.adapter }), 'Test administrator'));
    [{ id: personId }] = (await city.dbs.population.query<{ id: string }>('SELECT id FROM person ORDER BY id LIMIT 1')) as [{ id: string }];
  });
  afterAll(() => city?.stop());

  it('registers an app, issues its key, defines and binds a scenario; changes reach the gateway within 5 seconds', async () => {
    const person = (key: string) => city.query(`query($id: ID!) { person(id: $id) { name birthDate } }`, { id: personId }, { authorization: `Bearer ${key}` });

    data(await admin(`mutation { createDepartment(input: { code: "SH-HEALTH", name: "上海市卫生健康委员会" }) { code } }`));
    const { createApplication: app } = data(
      await admin(`mutation { createApplication(input: { name: "Birth certificate desk", departmentCode: "SH-HEALTH" }) { id department { name } } }`),
    );
    expect(app.department.name).toBe('上海市卫生健康委员会');
    const { issueApiKey: issued } = data(
      await admin(`mutation($id: ID!) { issueApiKey(applicationId: $id) { secret apiKey { id prefix revokedAt } } }`, { id: app.id }),
    );
    expect(issued.secret).toMatch(/^cg_[A-Za-z0-9_-]{43}$/);
    expect(issued.apiKey).toEqual({ id: expect.any(String), prefix: issued.secret.slice(0, 10), revokedAt: null });
    // A key of an app bound to no scenario reads nothing.
    expect((await person(issued.secret)).body.errors![0]!.extensions!.code).toBe('FORBIDDEN');

    const { createScenario: scenario } = data(
      await admin(
        `mutation($input: CreateScenarioInput!) { createScenario(input: $input) { code version status constraints { selfOnly maxRows } grants { coordinate mask } } }`,
        {
          input: {
            code: 'birth-certificate',
            name: '出生医学证明',
            purpose: 'Issuing birth certificates',
            legalBasis: '《中华人民共和国母婴保健法》',
            departmentCode: 'SH-HEALTH',
            constraints: { maxRows: 20 },
            grants: [{ coordinate: 'Query.person' }, { coordinate: 'Person.name', mask: 'NAME' }],
          },
        },
      ),
    );
    expect(scenario).toEqual({
      code: 'birth-certificate',
      version: 1,
      status: 'ACTIVE',
      constraints: { selfOnly: false, maxRows: 20 },
      grants: [
        { coordinate: 'Person.name', mask: 'NAME' },
        { coordinate: 'Query.person', mask: null },
      ],
    });
    expect(
      data(await admin(`mutation($id: ID!) { bindApplication(scenarioCode: "birth-certificate", applicationId: $id) { version } }`, { id: app.id }))
        .bindApplication.version,
    ).toBe(2);

    // Bound: the name (masked) is served, the birth date is not granted yet.
    await eventually(5_000, async () => (await person(issued.secret)).body.errors?.[0]?.extensions?.notGranted?.[0] === 'Person.birthDate');
    const added = data(await admin(`mutation { addGrants(scenarioCode: "birth-certificate", grants: [{ coordinate: "Person.birthDate" }]) { version } }`));
    expect(added.addGrants.version).toBe(3);
    await eventually(5_000, async () => (await person(issued.secret)).status === 200);
    const { person: read } = data(await person(issued.secret));
    expect(read.name).toMatch(/^.\*+$/u);

    data(await admin(`mutation { suspendScenario(code: "birth-certificate") { status } }`));
    await eventually(5_000, async () => (await person(issued.secret)).body.errors?.[0]?.message === 'Scenario "birth-certificate" is suspended');
    data(await admin(`mutation { resumeScenario(code: "birth-certificate") { status } }`));
    await eventually(5_000, async () => (await person(issued.secret)).status === 200);

    data(await admin(`mutation($id: ID!) { revokeApiKey(id: $id) { revokedAt } }`, { id: issued.apiKey.id }));
    await eventually(5_000, async () => (await person(issued.secret)).status === 401);
    expect(await admin(`mutation($id: ID!) { revokeApiKey(id: $id) { revokedAt } }`, { id: issued.apiKey.id })).toMatchObject({
      body: { errors: [{ extensions: { code: 'CONFLICT' } }] },
    });

    const { scenario: after } = data(await admin(`{ scenario(code: "birth-certificate") { version applications { name apiKeys { revokedAt } } } }`));
    expect(after).toEqual({ version: 5, applications: [{ name: 'Birth certificate desk', apiKeys: [{ revokedAt: expect.any(String) }] }] });
  });

  it('lists every problem with a scenario at once: unknown coordinates, the negative list with its legal basis, masks, dates, codes', async () => {
    const response = await admin(`mutation($input: CreateScenarioInput!) { createScenario(input: $input) { code } }`, {
      input: {
        code: 'Bad Code',
        name: ' ',
        purpose: 'x',
        legalBasis: 'x',
        departmentCode: 'NOPE',
        validFrom: '2027-01-01T00:00:00Z',
        validUntil: '2026-01-01T00:00:00Z',
        constraints: { districts: ['31010'], maxRows: 0 },
        grants: [
          { coordinate: 'Person.shoeSize' },
          { coordinate: 'Person.religion' },
          { coordinate: 'Person.birthDate', mask: 'NAME' },
          { coordinate: 'Person.name', expiresAt: '2020-01-01T00:00:00Z' },
          { coordinate: 'person' },
        ],
      },
    });
    expect(response.body.data).toBeNull();
    expect(response.body.errors).toHaveLength(1);
    const [error] = response.body.errors!;
    expect(error!.extensions!.code).toBe('BAD_USER_INPUT');
    expect(error!.message).toMatch(/^11 arguments are invalid: /);
    expect(error!.extensions!.problems).toEqual([
      { argument: 'input.code', reason: 'must be 1–64 lower-case letters, digits and hyphens, e.g. newborn-registration' },
      { argument: 'input.name', reason: 'must not be empty' },
      { argument: 'input.departmentCode', reason: 'no department "NOPE"' },
      { argument: 'input.validUntil', reason: 'must be after validFrom' },
      { argument: 'input.constraints.districts[0]', reason: 'must be a 6-digit division code' },
      { argument: 'input.constraints.maxRows', reason: expect.stringContaining('>=1') },
      { argument: 'input.grants[0].coordinate', reason: 'Person.shoeSize is not a field of the API', coordinate: 'Person.shoeSize' },
      {
        argument: 'input.grants[1].coordinate',
        reason: expect.stringMatching(
          /^Person\.religion is on the negative list \(not shared\) and can never be granted; legal basis: 《中华人民共和国个人信息保护法》第二十八条/,
        ),
        coordinate: 'Person.religion',
        legalBasis: expect.stringContaining('《中华人民共和国个人信息保护法》第二十八条'),
      },
      { argument: 'input.grants[2].mask', reason: 'Person.birthDate is not text, so it cannot be masked', coordinate: 'Person.birthDate' },
      { argument: 'input.grants[3].expiresAt', reason: '2020-01-01T00:00:00.000Z is in the past', coordinate: 'Person.name' },
      { argument: 'input.grants[4].coordinate', reason: '"person" is not a field coordinate such as Person.birthDate', coordinate: 'person' },
    ]);
    expect(await city.dbs.governance.query(`SELECT code FROM scenario WHERE code = 'Bad Code'`)).toEqual([]);
  });

  it('names an unknown coordinate when adding grants, and refuses removing one not held', async () => {
    const add = await admin(`mutation { addGrants(scenarioCode: "admin", grants: [{ coordinate: "Query.everything" }]) { version } }`);
    expect(add.body.errors).toEqual([
      expect.objectContaining({
        message: 'Argument "grants[0].coordinate" is invalid: Query.everything is not a field of the API',
        extensions: expect.objectContaining({ code: 'BAD_USER_INPUT', argument: 'grants[0].coordinate' }),
      }),
    ]);
    // The scenario the first test created (tests in a file run in order).
    const remove = await admin(`mutation { removeGrants(scenarioCode: "birth-certificate", coordinates: ["Person.name", "Person.phone"]) { version } }`);
    expect(remove.body.errors).toEqual([
      expect.objectContaining({
        message: 'Argument "coordinates[1]" is invalid: scenario "birth-certificate" holds no grant on Person.phone',
        extensions: expect.objectContaining({ code: 'BAD_USER_INPUT' }),
      }),
    ]);
    const missing = await admin(`mutation { resumeScenario(code: "no-such-scenario") { code } }`);
    expect(missing.body.errors![0]!.extensions!.code).toBe('NOT_FOUND');
  });

  it('keeps an admin from locking itself out, by any change that would end its own access', async () => {
    const governance = new GovernanceClient({ adapter: city.dbs.governance.adapter });
    const adminApp = await governance.application.findFirstOrThrow({ where: { name: 'Test administrator' }, include: { apiKeys: true } });
    const [ownKey] = adminApp.apiKeys;
    const attempts: [string, string, Record<string, unknown>][] = [
      ['suspension', `mutation { suspendScenario(code: "admin") { status } }`, {}],
      [
        'an expired validity',
        `mutation { updateScenario(code: "admin", input: { validUntil: "2020-01-01T00:00:00Z", validFrom: "2019-01-01T00:00:00Z" }) { version } }`,
        {},
      ],
      ['a validity starting later', `mutation { updateScenario(code: "admin", input: { validFrom: "2099-01-01T00:00:00Z" }) { version } }`, {}],
      ['revoking the key in use', `mutation($id: ID!) { revokeApiKey(id: $id) { revokedAt } }`, { id: ownKey!.id }],
      ['unbinding itself', `mutation($a: ID!) { unbindApplication(scenarioCode: "admin", applicationId: $a) { code } }`, { a: adminApp.id }],
      ['removing its grants', `mutation { removeGrants(scenarioCode: "admin", coordinates: ["Mutation.addGrants"]) { code } }`, {}],
      [
        'an expiry on its grants',
        `mutation { addGrants(scenarioCode: "admin", grants: [{ coordinate: "Mutation.addGrants", expiresAt: "2099-01-01T00:00:00Z" }]) { code } }`,
        {},
      ],
    ];
    for (const [change, mutation, variables] of attempts) {
      const response = await admin(mutation, variables);
      expect({ change, code: response.body.errors?.[0]?.extensions?.code }).toEqual({ change, code: 'CONFLICT' });
    }
    // Nothing changed: the admin still works.
    expect(data(await admin(`{ scenario(code: "admin") { status validUntil } }`)).scenario).toEqual({ status: 'ACTIVE', validUntil: null });
    expect((await governance.apiKey.findUniqueOrThrow({ where: { id: ownKey!.id } })).revokedAt).toBeNull();
  });

  it('is refused to scenarios without governance grants, before the governance subgraph is called', async () => {
    const [reader] = await createScenarios(new GovernanceClient({ adapter: city.dbs.governance.adapter }), [
      {
        code: 'reader',
        name: 'Reader',
        purpose: 'tests',
        legalBasis: 'tests',
        departmentCode: 'SH-BDC',
        useReasonRequired: false,
        grants: ['Query.person', 'Person.name'],
      },
    ]);
    const apiKey = reader!.apiKey;
    const response = await city.query(`mutation { createDepartment(input: { code: "X-1", name: "x" }) { code } }`, {}, { authorization: `Bearer ${apiKey}` });
    expect(response).toMatchObject({
      status: 403,
      body: { errors: [{ extensions: { code: 'FORBIDDEN', notGranted: ['Department.code', 'Mutation.createDepartment'] } }] },
    });
  });
});
