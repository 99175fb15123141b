import { createStaffAccount, parseStaffRole } from '@civicgraph/console';
import { issueAdminKey } from '@civicgraph/governance-subgraph';
import { PrismaClient as GovernanceClient } from '@civicgraph/prisma/governance';
import { startTestCivicGraph, type GraphQLResponse, type TestCivicGraph } from '@civicgraph/platform';
import { STAFF_HEADER, createStaffAssertions } from '@civicgraph/policy';
import { chooseRole, consoleQuery, signIn, type ConsoleSession } from './consoleClient';

const PASSWORD = 'correct horse battery staple';
const ITEM = 'id coordinate status owner { code } decidedBy { person application { name } }';

/** The console's people, their sessions and the API behind them: who may do what, and the request log naming them. */
describe('the governance console: people, not keys', () => {
  let city: TestCivicGraph;
  let origin: string;
  let governance: GovernanceClient;
  let adminKey: string;
  let applicationId: string;
  /** The console's clock: sessions' idle and absolute limits are tested by moving it. */
  let now = new Date();
  const as: Record<string, ConsoleSession> = {};
  const data = (response: GraphQLResponse) => {
    expect(response.body.errors).toBeUndefined();
    return response.body.data!;
  };
  const admin = (query: string, variables: Record<string, unknown> = {}) => city.query(query, variables, { authorization: `Bearer ${adminKey}` });
  const gql = (who: string, query: string, variables: Record<string, unknown> = {}) => consoleQuery(origin, as[who]!, query, variables);

  beforeAll(async () => {
    city = await startTestCivicGraph({ console: { sessions: { idleMs: 30 * 60_000, absoluteMs: 8 * 3600_000 }, now: () => now } });
    origin = new URL(city.url).origin;
    governance = new GovernanceClient({ adapter: city.dbs.governance.adapter });
    ({ apiKey: adminKey } = await issueAdminKey(governance, 'Console test administrator'));
    data(
      await admin(
        `mutation { createScenario(input: { code: "birth-certificate", name: "出生医学证明", purpose: "Birth certificates", legalBasis: "《母婴保健法》", departmentCode: "SH-CAB" }) { code } }`,
      ),
    );
    applicationId = data(await admin(`mutation { createApplication(input: { name: "出生登记", departmentCode: "SH-CAB" }) { id } }`)).createApplication.id;
    data(await admin(`mutation($a: ID!) { bindApplication(scenarioCode: "birth-certificate", applicationId: $a) { code } }`, { a: applicationId }));
    const people: [string, string[]][] = [
      ['admin.zhou', ['admin']],
      ['li.na', [`developer:SH-CAB:${applicationId}`]],
      ['wang.fang', ['reviewer:SH-PSB']],
      ['zhao.lei', ['reviewer:SH-PNR']],
      ['chen.jing', ['auditor']],
      ['sun.yu', [`developer:SH-CAB:${applicationId}`, 'reviewer:SH-PSB']],
    ];
    for (const [username, roles] of people)
      await createStaffAccount(governance, { username, displayName: username, password: PASSWORD, roles: roles.map(parseStaffRole) });
    for (const [username] of people) as[username] = await signIn(origin, username, PASSWORD);
  });
  afterAll(() => city?.stop());

  it('refuses a wrong password the same way as an unknown user, and keeps the session in a Secure, HttpOnly, Strict cookie', async () => {
    for (const username of ['wang.fang', 'nobody.here']) {
      const response = await fetch(`${origin}/console/api/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', origin },
        body: JSON.stringify({ username, password: 'wrong password!' }),
      });
      expect(response.status).toBe(401);
      expect(await response.json()).toEqual({ error: { code: 'UNAUTHENTICATED', message: 'The username or password is wrong, or the account is disabled' } });
    }
    const cookie = (await fetch(`${origin}/console/api/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin },
      body: JSON.stringify({ username: 'admin.zhou', password: PASSWORD }),
    }).then((r) => r.headers.get('set-cookie')))!;
    expect(cookie).toMatch(/^cg_console=[\w-]{43}; Path=\/console; HttpOnly; Secure; SameSite=Strict$/);
  });

  it('takes a change only from its own pages, with the session’s CSRF token', async () => {
    const query = JSON.stringify({ query: '{ catalog { coordinate } }' });
    const send = (headers: Record<string, string>) =>
      fetch(`${origin}/console/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', cookie: as['chen.jing']!.cookie, ...headers },
        body: query,
      });
    expect((await send({})).status).toBe(403);
    expect((await send({ 'x-csrf-token': 'guess' })).status).toBe(403);
    expect((await send({ 'x-csrf-token': as['chen.jing']!.csrfToken, origin: 'https://evil.example' })).status).toBe(403);
    expect((await send({ 'x-csrf-token': as['chen.jing']!.csrfToken, origin })).status).toBe(200);
    const signedOut = await fetch(`${origin}/console/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: query });
    expect(signedOut.status).toBe(401);
    // Acting in another role: one the person holds, named.
    const role = (body: unknown) =>
      fetch(`${origin}/console/api/role`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', origin, cookie: as['chen.jing']!.cookie, 'x-csrf-token': as['chen.jing']!.csrfToken },
        body: JSON.stringify(body),
      });
    expect((await role({})).status).toBe(400);
    expect(await (await role({ role: 'ADMIN', department: null })).json()).toEqual({ error: { code: 'FORBIDDEN', message: 'You do not hold that role' } });
    expect((await role({ role: 'AUDITOR', department: null })).status).toBe(200);
  });

  it('acts under each role’s scenario: the API refuses what the role is not granted', async () => {
    const refused = await gql('wang.fang', '{ auditRequests(first: 1) { nodes { requestId } } }');
    expect(refused.body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(refused.body.errors?.[0]?.message).toContain('console-reviewer');
    const auditorWrites = await gql('chen.jing', 'mutation { suspendScenario(code: "birth-certificate") { code } }');
    expect(auditorWrites.body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    // The console's scenarios serve only the console: a key bound to one is refused.
    const app = data(await admin(`mutation { createApplication(input: { name: "console imitator", departmentCode: "SH-PSB" }) { id } }`)).createApplication.id;
    data(await admin(`mutation($a: ID!) { bindApplication(scenarioCode: "console-reviewer", applicationId: $a) { code } }`, { a: app }));
    const key = data(await admin(`mutation($a: ID!) { issueApiKey(applicationId: $a) { secret } }`, { a: app })).issueApiKey.secret;
    const imitated = await city.query('{ reviewQueue { id } }', {}, { authorization: `Bearer ${key}` });
    expect(imitated.body.errors?.[0]).toMatchObject({
      extensions: { code: 'FORBIDDEN' },
      message: expect.stringContaining('serves only the governance console'),
    });
    // Nobody outside this process can name a person: an assertion under another secret is refused.
    const forged = await createStaffAssertions().sign({ person: 'admin.zhou', role: 'ADMIN', department: 'SH-BDC' });
    const withForged = await city.query('{ departments { code } }', {}, { authorization: '', [STAFF_HEADER]: forged });
    expect(withForged.body.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('a developer sees only their applications’ scenarios; the owner’s reviewer decides; another department sees nothing; the log names each person', async () => {
    expect(data(await gql('li.na', '{ scenarios { code } }')).scenarios).toEqual([{ code: 'birth-certificate' }]);
    expect(data(await gql('li.na', '{ applications { id } }')).applications).toEqual([{ id: applicationId }]);
    const other = await gql(
      'li.na',
      `mutation { submitShareRequest(input: { scenarioCode: "district-office", coordinates: ["Person.name"], justification: "x", legalBasis: "y" }) { id } }`,
    );
    expect(other.body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');

    const submitted = data(
      await gql(
        'li.na',
        `mutation { submitShareRequest(input: { scenarioCode: "birth-certificate", coordinates: ["Query.person", "Person.name", "Query.division", "Division.name"],
          justification: "新生儿出生登记核验父母身份", legalBasis: "《母婴保健法》" }) { id submittedBy { person } items { ${ITEM} } } }`,
      ),
    ).submitShareRequest;
    expect(submitted.submittedBy.person).toBe('li.na');
    const nameItem = submitted.items.find((i: { coordinate: string }) => i.coordinate === 'Person.name');

    // The reviewer of another department neither sees the item nor may decide it.
    const elsewhere = data(await gql('zhao.lei', '{ reviewQueue { coordinate request { items { coordinate owner { code } } } } }')).reviewQueue;
    expect(elsewhere.map((i: { coordinate: string }) => i.coordinate)).not.toContain('Person.name');
    for (const item of elsewhere) expect(item.request.items.every((i: { owner: { code: string } }) => i.owner.code === 'SH-PNR')).toBe(true);
    const decidedElsewhere = await gql('zhao.lei', `mutation($id: ID!) { decideShareItem(id: $id, input: { approve: true }) { id } }`, { id: nameItem.id });
    expect(decidedElsewhere.body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');

    // Four eyes by person: one who asked, in another role, may not decide.
    as['sun.yu'] = await chooseRole(origin, as['sun.yu']!, 'DEVELOPER', 'SH-CAB');
    const own = data(
      await gql(
        'sun.yu',
        `mutation { submitShareRequest(input: { scenarioCode: "birth-certificate", coordinates: ["Person.gender"], justification: "x", legalBasis: "y" }) { items { id } } }`,
      ),
    ).submitShareRequest.items[0].id;
    as['sun.yu'] = await chooseRole(origin, as['sun.yu']!, 'REVIEWER', 'SH-PSB');
    const selfApproved = await gql('sun.yu', `mutation($id: ID!) { decideShareItem(id: $id, input: { approve: true }) { id } }`, { id: own });
    expect(selfApproved.body.errors?.[0]).toMatchObject({ extensions: { code: 'FORBIDDEN', rule: 'fourEyes' } });

    const queue = data(await gql('wang.fang', '{ reviewQueue { id coordinate request { items { owner { code } } } } }')).reviewQueue;
    expect(queue.map((i: { coordinate: string }) => i.coordinate)).toEqual(expect.arrayContaining(['Query.person', 'Person.name']));
    const decided = data(await gql('wang.fang', `mutation($id: ID!) { decideShareItem(id: $id, input: { approve: true }) { ${ITEM} } }`, { id: nameItem.id }));
    expect(decided.decideShareItem).toMatchObject({ status: 'APPROVED', decidedBy: { person: 'wang.fang' } });

    // The auditor finds each person's requests in the request log.
    const logged = data(
      await gql(
        'chen.jing',
        `{ auditRequests(filter: { person: "wang.fang" }, first: 50) { nodes { person scenario { code } operationName coordinates decision } } }`,
      ),
    ).auditRequests.nodes;
    expect(logged.length).toBeGreaterThan(0);
    expect(logged.every((r: { person: string; scenario: { code: string } }) => r.person === 'wang.fang' && r.scenario.code === 'console-reviewer')).toBe(true);
    expect(logged.some((r: { coordinates: string[] }) => r.coordinates.includes('Mutation.decideShareItem'))).toBe(true);
    // The table catalog, for every role: each column with the fields that serve it.
    const tables = data(await gql('wang.fang', '{ tableCatalog(database: "population") { table columns { column exposedAs } } }')).tableCatalog;
    const person = tables.find((t: { table: string }) => t.table === 'person');
    expect(person.columns).toContainEqual({ column: 'id_number', exposedAs: ['Person.idNumber'] });
    const [row] = await city.dbs.governance.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM audit_request WHERE person = 'li.na' AND 'Mutation.submitShareRequest' = ANY(coordinates)`,
    );
    expect(row!.n).toBeGreaterThan(0);
  });

  it('ends a session when idle, past its absolute limit, at sign-out, or when the account is disabled', async () => {
    const session = (s: ConsoleSession) => fetch(`${origin}/console/api/session`, { headers: { cookie: s.cookie } }).then((r) => r.status);
    const idle = await signIn(origin, 'chen.jing', PASSWORD);
    now = new Date(now.getTime() + 20 * 60_000);
    expect(await session(idle)).toBe(200);
    now = new Date(now.getTime() + 20 * 60_000);
    expect(await session(idle)).toBe(200);
    now = new Date(now.getTime() + 31 * 60_000);
    expect(await session(idle)).toBe(401);

    const long = await signIn(origin, 'chen.jing', PASSWORD);
    // Used every 25 minutes: never idle, yet over after 8 hours.
    for (let minutes = 25; minutes < 8 * 60; minutes += 25) {
      now = new Date(now.getTime() + 25 * 60_000);
      expect(await session(long)).toBe(200);
    }
    now = new Date(now.getTime() + 25 * 60_000);
    expect(await session(long)).toBe(401);

    const out = await signIn(origin, 'chen.jing', PASSWORD);
    const signOut = await fetch(`${origin}/console/api/logout`, { method: 'POST', headers: { origin, cookie: out.cookie, 'x-csrf-token': out.csrfToken } });
    expect(signOut.status).toBe(200);
    expect(await session(out)).toBe(401);

    const disabled = await signIn(origin, 'zhao.lei', PASSWORD);
    await governance.staffAccount.update({ where: { username: 'zhao.lei' }, data: { disabledAt: now } });
    expect(await session(disabled)).toBe(401);
    expect((await consoleQuery(origin, disabled, '{ reviewQueue { id } }')).status).toBe(401);
  });

  it('refuses a username for 15 minutes after ten failed sign-ins, the right password too', async () => {
    const attempt = (password: string) =>
      fetch(`${origin}/console/api/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', origin },
        body: JSON.stringify({ username: 'admin.zhou', password }),
      });
    for (let i = 0; i < 10; i++) expect((await attempt('not the password')).status).toBe(401);
    const locked = await attempt(PASSWORD);
    expect(locked.status).toBe(429);
    expect(locked.headers.get('retry-after')).toBe('900');
    // Others signing in from the same address are not shut out with the guesser.
    expect((await signIn(origin, 'chen.jing', PASSWORD)).role).toBe('AUDITOR');
  });
});
