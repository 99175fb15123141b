import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { chromium, type Browser, type Page } from 'playwright-core';
import { createStaffAccount, parseStaffRole } from '@civicgraph/console';
import { issueAdminKey } from '@civicgraph/governance-subgraph';
import { PrismaClient as GovernanceClient } from '@civicgraph/prisma/governance';
import { eventually, OBJECTION_FIELDS, startTestCivicGraph, type GraphQLResponse, type TestCivicGraph } from '@civicgraph/platform';

/** Debian's chromium (`.ci/chromium` installs it); CHROMIUM_PATH for another. */
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
/** Where the README's screenshots are written when asked (`CIVICGRAPH_CONSOLE_SCREENSHOTS=docs/console`). */
const SCREENSHOTS = process.env.CIVICGRAPH_CONSOLE_SCREENSHOTS;
const PASSWORD = 'correct horse battery staple';
const OIDC_CLIENT = { clientId: 'civicgraph-console', clientSecret: 'a client secret for the console under test' };

/** The test identity provider in its own process (see oidcProvider.mjs), and its issuer URL. */
async function startIdentityProvider(): Promise<{ issuer: string; process: ChildProcess }> {
  const child = spawn(process.execPath, [path.join(__dirname, 'oidcProvider.mjs')], {
    env: { ...process.env, NODE_OPTIONS: '', OIDC_CLIENT_ID: OIDC_CLIENT.clientId, OIDC_CLIENT_SECRET: OIDC_CLIENT.clientSecret },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  // Its warnings (a development provider, this Node.js) are kept to explain a failed start, not printed.
  let warnings = '';
  child.stderr!.on('data', (chunk: Buffer) => (warnings += chunk.toString()));
  for await (const line of createInterface({ input: child.stdout! })) {
    if (line.startsWith('{')) return { issuer: (JSON.parse(line) as { issuer: string }).issuer, process: child };
  }
  throw new Error(`the test identity provider did not start: ${warnings}`);
}

/** The menu each role sees: the pages its scenario is granted what they read. */
const MENUS: Record<string, string[]> = {
  'admin.zhou': ['总览', '共享申请', '应用场景', '资源目录', '数据质量', '审计', '部门与应用'],
  'li.na': ['共享申请', '应用场景', '资源目录'],
  'wang.fang': ['待审核', '资源目录'],
  'zhao.lei': ['待审核', '资源目录'],
  'chen.jing': ['总览', '共享申请', '应用场景', '资源目录', '审计'],
  'sun.yu': ['资源目录', '数据质量'],
};

/** The governance console in Debian's chromium: each role's pages, and the flows that cross them. */
describe('the governance console in a real browser', () => {
  let city: TestCivicGraph;
  let origin: string;
  let browser: Browser;
  let adminKey: string;
  let appKey: string;
  let personId: string;
  let identityProvider: { issuer: string; process: ChildProcess };
  const problems: string[] = [];
  const data = (response: GraphQLResponse) => {
    expect(response.body.errors).toBeUndefined();
    return response.body.data!;
  };
  const admin = (query: string, variables: Record<string, unknown> = {}) => city.query(query, variables, { authorization: `Bearer ${adminKey}` });

  /** A fresh browser context (its own cookies), signed in as `username`. */
  async function signIn(username: string): Promise<Page> {
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN' });
    const page = await context.newPage();
    page.on('pageerror', (error) => problems.push(`${username}: ${error.message}`));
    page.on('request', (request) => {
      if (!request.url().startsWith(origin)) problems.push(`${username}: loaded ${request.url()}`);
    });
    await page.goto(`${origin}/console/`);
    await page.getByLabel('用户名').fill(username);
    await page.getByLabel('密码').fill(PASSWORD);
    await page.locator('button[type=submit]').click();
    await page.getByTestId('person').waitFor();
    return page;
  }
  const menu = (page: Page) => page.getByRole('menu').getByRole('menuitem').allTextContents();
  const open = async (page: Page, label: string) => page.getByRole('menu').getByRole('menuitem', { name: label }).click();
  const shoot = async (page: Page, name: string) => {
    if (SCREENSHOTS) await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`), animations: 'disabled' });
  };
  /** Picks an option of an Ant Design select by typing its text. */
  async function choose(page: Page, label: string, text: string) {
    const select = page.getByLabel(label, { exact: true });
    await select.click();
    if (await select.isEditable()) await select.fill(text);
    await page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: text }).first().click();
  }
  /** A GraphQL request from the page, as its own script would send it (its session and CSRF token). */
  const fromPage = (page: Page, query: string, variables: Record<string, unknown> = {}) =>
    page.evaluate(
      async ({ query, variables }) => {
        const session = await (await fetch('/console/api/session')).json();
        const response = await fetch('/console/graphql', {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-csrf-token': session.csrfToken },
          body: JSON.stringify({ query, variables }),
        });
        return response.json();
      },
      { query, variables },
    );

  beforeAll(async () => {
    if (!existsSync(CHROMIUM))
      throw new Error(`The console is tested in a real browser: install Debian's chromium (.ci/chromium does) or set CHROMIUM_PATH (not found: ${CHROMIUM})`);
    if (SCREENSHOTS) mkdirSync(SCREENSHOTS, { recursive: true });
    identityProvider = await startIdentityProvider();
    city = await startTestCivicGraph({ console: { oidc: { issuer: identityProvider.issuer, ...OIDC_CLIENT, name: '一网通办统一身份认证', allowHttp: true } } });
    origin = new URL(city.url).origin;
    const governance = new GovernanceClient({ adapter: city.dbs.governance.adapter });
    ({ apiKey: adminKey } = await issueAdminKey(governance, 'Browser test administrator'));
    data(
      await admin(
        `mutation { createScenario(input: { code: "birth-certificate", name: "出生医学证明", purpose: "新生儿出生医学证明签发", legalBasis: "《母婴保健法》", departmentCode: "SH-CAB" }) { code } }`,
      ),
    );
    data(
      await admin(
        `mutation { addGrants(scenarioCode: "birth-certificate", grants: [{ coordinate: "Query.person" }, { coordinate: "Person.name" }]) { code } }`,
      ),
    );
    const app = data(await admin(`mutation { createApplication(input: { name: "出生登记", departmentCode: "SH-CAB" }) { id } }`)).createApplication.id;
    data(await admin(`mutation($a: ID!) { bindApplication(scenarioCode: "birth-certificate", applicationId: $a) { code } }`, { a: app }));
    appKey = data(await admin(`mutation($a: ID!) { issueApiKey(applicationId: $a) { secret } }`, { a: app })).issueApiKey.secret;
    // The application may object to the values it reads (数据异议).
    const objectionGrants = ['Mutation.raiseObjection', ...OBJECTION_FIELDS].map((coordinate) => ({ coordinate }));
    data(await admin(`mutation($g: [GrantInput!]!) { addGrants(scenarioCode: "birth-certificate", grants: $g) { code } }`, { g: objectionGrants }));
    const people: [string, string, string[]][] = [
      ['admin.zhou', '周敏', ['admin']],
      ['li.na', '李娜', [`developer:SH-CAB:${app}`]],
      ['wang.fang', '王芳', ['reviewer:SH-PSB']],
      ['zhao.lei', '赵磊', ['reviewer:SH-AMR']],
      ['chen.jing', '陈静', ['auditor']],
      ['sun.yu', '孙宇', ['steward:SH-PSB']],
    ];
    for (const [username, displayName, roles] of people)
      await createStaffAccount(governance, { username, displayName, password: PASSWORD, roles: roles.map(parseStaffRole) });
    // Signs in only through the city's identity provider, as the subject it names.
    await createStaffAccount(governance, {
      username: 'zhang.san',
      displayName: '张三',
      oidc: { issuer: identityProvider.issuer, subject: 'zhang.san@sh.gov.cn' },
      roles: [parseStaffRole('auditor')],
    });
    [{ id: personId }] = (await city.dbs.population.query<{ id: string }>('SELECT id FROM person ORDER BY id LIMIT 1')) as [{ id: string }];
    // Some traffic for the dashboard: reads by the application, and a refusal.
    await city.query(`query($id: ID!) { person(id: $id) { name } }`, { id: personId }, { authorization: `Bearer ${appKey}` });
    await city.query(`query($id: ID!) { person(id: $id) { birthDate } }`, { id: personId }, { authorization: `Bearer ${appKey}` });
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-background-networking', '--disable-gpu'] });
  });
  afterAll(async () => {
    await browser?.close();
    await city?.stop();
    identityProvider?.process.kill();
  });
  afterEach(() => {
    // Nothing from elsewhere (the console is served whole by the gateway), and no script errors.
    expect(problems).toEqual([]);
  });

  it('signs each role in and shows it only its own pages', async () => {
    for (const [username, pages] of Object.entries(MENUS)) {
      const page = await signIn(username);
      expect(await menu(page)).toEqual(pages);
      if (username === 'admin.zhou') {
        await page.getByRole('img', { name: '每日请求与拒绝' }).locator('svg').waitFor();
        await shoot(page, 'dashboard');
        // English is a click away, and stays chosen.
        await page.getByText('EN', { exact: true }).click();
        expect(await menu(page)).toEqual(['Dashboard', 'Share requests', 'Scenarios', 'Catalog', 'Data quality', 'Audit', 'Departments & applications']);
        await page.reload();
        await page.getByRole('menuitem', { name: 'Dashboard' }).waitFor();
        await page.getByText('中文', { exact: true }).click();
      }
      await page.context().close();
    }
  });

  it('an administrator creates a scenario with the catalog picker, binds an application, and the key issued for it reads at the gateway', async () => {
    const page = await signIn('admin.zhou');
    await open(page, '部门与应用');
    await page.getByPlaceholder('应用').fill('入学登记');
    await choose(page, 'department', 'SH-CAB');
    await page.getByRole('button', { name: '+' }).nth(1).click();
    await page.getByRole('cell', { name: '入学登记' }).waitFor();

    await open(page, '应用场景');
    await page.getByRole('button', { name: '+ 场景' }).click();
    const form = page.getByRole('dialog');
    await form.getByLabel('code').fill('school-enrolment');
    await form.getByLabel('场景', { exact: true }).fill('义务教育入学');
    await choose(page, 'department', 'SH-CAB');
    await form.getByLabel('申请事由').fill('核验适龄儿童及其监护人身份');
    await form.getByLabel('依据').fill('《义务教育法》');
    for (const coordinate of ['Query.person', 'Person.name']) await choose(page, 'catalog picker', coordinate);
    await shoot(page, 'scenario-create');
    await form.getByRole('button', { name: '提 交' }).click();
    await page.getByRole('cell', { name: 'school-enrolment' }).click();
    const drawer = page.locator('.ant-drawer');
    await drawer.getByRole('cell', { name: 'Person.name' }).waitFor();
    // The grant joined to the catalog: its owner and sharing attribute.
    const row = drawer.getByRole('row', { name: /Person\.name/ });
    await expect(row.textContent()).resolves.toMatch(/SH-PSB.*CONDITIONAL/);
    await choose(page, 'bind application', '入学登记');
    await drawer.getByText('入学登记').first().waitFor();
    await shoot(page, 'scenario');
    await page.keyboard.press('Escape');

    await open(page, '部门与应用');
    await page
      .getByRole('row', { name: /入学登记/ })
      .getByRole('button', { name: '+ key' })
      .click();
    const secret = (await page.getByTestId('secret').textContent())!.trim();
    expect(secret).toMatch(/^cg_/);
    const read = await city.query(`query($id: ID!) { person(id: $id) { name } }`, { id: personId }, { authorization: `Bearer ${secret}` });
    expect(data(read).person.name).toEqual(expect.any(String));
    await page.context().close();
  });

  it('a requester submits with the picker; a reviewer of another department neither sees nor decides it; the owner’s reviewer approves and the grant works', async () => {
    const developer = await signIn('li.na');
    await open(developer, '共享申请');
    await choose(developer, 'scenario', 'birth-certificate');
    await choose(developer, 'catalog picker', 'Person.gender');
    await developer.getByLabel('申请事由').fill('出生医学证明需核验新生儿性别');
    await developer.getByLabel('依据').fill('《母婴保健法》第二十三条');
    await developer.getByRole('button', { name: '提 交' }).click();
    await developer.getByText('Person.gender · PENDING').waitFor();
    await shoot(developer, 'share-requests');
    await developer.context().close();

    const elsewhere = await signIn('zhao.lei');
    await elsewhere.getByText(/待办 \(\d+\)/).waitFor();
    expect(await elsewhere.getByRole('cell', { name: 'Person.gender' }).count()).toBe(0);
    const [item] = await city.dbs.governance.query<{ id: string }>(`SELECT id FROM share_request_item WHERE coordinate = 'Person.gender'`);
    const refused = await fromPage(elsewhere, `mutation($id: ID!) { decideShareItem(id: $id, input: { approve: true }) { id } }`, { id: item!.id });
    expect(refused.errors[0].extensions.code).toBe('FORBIDDEN');
    await elsewhere.context().close();

    const reviewer = await signIn('wang.fang');
    const row = reviewer.getByRole('row', { name: /Person\.gender/ });
    await row.waitFor();
    await expect(row.textContent()).resolves.toMatch(/birth-certificate.*li\.na.*\d{4}-\d{2}-\d{2}/);
    await shoot(reviewer, 'review-queue');
    await row.getByRole('button', { name: '同 意' }).click();
    await reviewer.getByRole('dialog').getByRole('button', { name: '同 意' }).click();
    await reviewer.getByText('Person.gender: 同意').waitFor();
    await reviewer.context().close();

    const read = () => city.query(`query($id: ID!) { person(id: $id) { gender } }`, { id: personId }, { authorization: `Bearer ${appKey}` });
    await eventually(5_000, async () => !(await read()).body.errors);
  });

  it('an auditor finds who read a record, and the request log names the person behind each console action', async () => {
    const page = await signIn('chen.jing');
    await open(page, '审计');
    await page.getByRole('tab', { name: '谁读取了该记录' }).click();
    await page.getByLabel('record key').fill(personId);
    await page.getByRole('button', { name: '查 询' }).click();
    const found = page.getByTestId('who-read');
    await found.getByText('出生登记').first().waitFor();
    expect(await found.textContent()).toContain('birth-certificate');
    await shoot(page, 'audit-who-read');

    await open(page, '资源目录');
    await page.getByRole('tab', { name: '表目录 Tables' }).click();
    await page.getByTestId('tables').getByRole('cell', { name: 'person', exact: true }).waitFor();
    await open(page, '审计');
    await page.getByRole('tab', { name: '请求日志' }).click();
    await page.getByLabel('人员').fill('wang.fang');
    await page.getByRole('button', { name: '查 询' }).first().click();
    await page.getByRole('cell', { name: 'console-reviewer' }).first().waitFor();
    // Both attempts are on record with their person: the refused one with its code.
    const logged = await city.dbs.governance.query<{ person: string | null; scenario: string; error_codes: string[] }>(
      `SELECT person, scenario, error_codes FROM audit_request WHERE 'Mutation.decideShareItem' = ANY(coordinates) ORDER BY seq`,
    );
    expect(logged).toEqual([
      { person: 'zhao.lei', scenario: 'console-reviewer', error_codes: ['FORBIDDEN'] },
      { person: 'wang.fang', scenario: 'console-reviewer', error_codes: [] },
    ]);

    await page.getByRole('tab', { name: '日志链校验' }).click();
    await page.getByRole('button', { name: '日志链校验' }).click();
    // Every chain, the request log and each owner's disclosure log, intact, each with its head to anchor.
    const chains = page.getByTestId('chain');
    await chains
      .getByText(/OK · \d+/)
      .first()
      .waitFor();
    expect(await chains.getByText(/OK · \d+/).count()).toBe(5);
    expect(await chains.textContent()).toMatch(/audit_request.*audit_disclosure/);
    await shoot(page, 'audit-chains');
    await page.context().close();
  });

  it('a role without the rights sees no such page, and the API refuses it too', async () => {
    const page = await signIn('wang.fang');
    await page.goto(`${origin}/console/audit`);
    await page.getByText('当前角色无权访问此页面').waitFor();
    const refused = await fromPage(page, '{ auditRequests(first: 1) { nodes { requestId } } }');
    expect(refused.errors[0].extensions.code).toBe('FORBIDDEN');
    await page.context().close();
  });

  it("signs a person in through the city's OpenID Connect provider, and refuses an identity no account is linked to", async () => {
    const viaProvider = async (login: string) => {
      const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN' });
      const page = await context.newPage();
      await page.goto(`${origin}/console/`);
      await page.getByRole('link', { name: '通过一网通办统一身份认证登录' }).click();
      // The provider's own pages: its sign-in form, then consent.
      await page.locator('input[name=login]').fill(login);
      await page.locator('input[name=password]').fill('anything');
      await page.locator('button[type=submit]').click();
      await page.locator('button[type=submit]').click();
      return page;
    };
    const linked = await viaProvider('zhang.san@sh.gov.cn');
    await linked.getByTestId('person').getByText('张三').waitFor();
    expect(await menu(linked)).toEqual(MENUS['chen.jing']);
    const session = await linked.evaluate(async () => (await fetch('/console/api/session')).json());
    expect(session).toMatchObject({ person: { username: 'zhang.san' }, role: 'AUDITOR', method: 'oidc' });
    await linked.context().close();

    const unknown = await viaProvider('stranger@example.org');
    await unknown.getByText('No console account is linked to this identity', { exact: false }).waitFor();
    await unknown.context().close();
  });

  it("the owner's data steward answers an objection to its data, on record with their name", async () => {
    const raised = await city.query(
      `mutation($input: ObjectionInput!) { raiseObjection(input: $input) { id status } }`,
      { input: { coordinate: 'Person.name', recordId: personId, reason: '姓名与户籍登记不一致', proposedValue: '张三' } },
      { authorization: `Bearer ${appKey}` },
    );
    const { id } = data(raised).raiseObjection;
    const page = await signIn('sun.yu');
    await open(page, '数据质量');
    await page.getByRole('tab', { name: '数据异议' }).click();
    const row = page.getByTestId('objections').getByRole('row', { name: /Person\.name/ });
    await row.getByRole('button', { name: '答 复' }).click();
    await page.getByRole('dialog').getByLabel('理由').fill('已按户籍登记更正');
    await page
      .getByRole('dialog')
      .getByRole('button', { name: /OK|确 定/ })
      .click();
    await eventually(
      5_000,
      async () =>
        (await page
          .getByTestId('objections')
          .getByRole('row', { name: /Person\.name/ })
          .count()) === 0,
    );
    const [answered] = await city.dbs.governance.query<{ status: string; answered_by_person: string }>(
      `SELECT status, answered_by_person FROM objection WHERE id = $1`,
      [id],
    );
    expect(answered).toEqual({ status: 'CORRECTED', answered_by_person: 'sun.yu' });
    await page.context().close();
  });
});
