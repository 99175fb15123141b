import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { createScenarios, DEMO_SCENARIOS, startTestCivicGraph, type TestCivicGraph } from '@civicgraph/platform';
import { PrismaClient as GovernanceClient } from '@civicgraph/prisma/governance';

/** Debian's chromium (`.ci/chromium` installs it); CHROMIUM_PATH for another. */
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** The README's search example, as the district office runs it. */
function readmeSearchExample(): string {
  const readme = readFileSync(path.join(__dirname, '../../../../README.md'), 'utf8');
  const example = /here\s+as the district office[^`]*```graphql[^\n]*\n([\s\S]*?)```/.exec(readme)?.[1];
  if (!example) throw new Error("README: the district office's search example is gone");
  return example;
}

/** The gateway's offline IDE in a real browser: GraphiQL from the project's packages, the scenario's contract in its docs. */
describe('the IDE at the gateway', () => {
  let city: TestCivicGraph;
  let browser: Browser;
  let key: string;
  const origin = () => new URL(city.url).origin;

  beforeAll(async () => {
    if (!existsSync(CHROMIUM))
      throw new Error(`The IDE test drives a real browser: install Debian's chromium (.ci/chromium does) or set CHROMIUM_PATH (not found: ${CHROMIUM})`);
    city = await startTestCivicGraph();
    const governance = new GovernanceClient({ adapter: city.dbs.governance.adapter });
    key = (await createScenarios(governance, [DEMO_SCENARIOS.find((s) => s.code === 'district-office')!]))[0]!.apiKey;
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-background-networking'] });
  });
  afterAll(async () => {
    await browser?.close();
    await city?.stop();
  });

  it("runs the README's query with the prefilled headers, shows the result and the scenario's docs, and loads nothing from elsewhere", async () => {
    const page = await browser.newPage({ viewport: { width: 1400, height: 800 } });
    const elsewhere: string[] = [];
    page.on('request', (request) => {
      if (!request.url().startsWith(origin())) elsewhere.push(request.url());
    });
    const problems: string[] = [];
    page.on('pageerror', (error) => problems.push(error.message));
    page.on('console', (message) => {
      if (message.type() === 'error') problems.push(message.text());
    });

    const fragment = new URLSearchParams({ key, useReason: '居民事务受理', query: readmeSearchExample() });
    await page.goto(`${origin()}/graphql#${fragment}`);
    await page.locator('.graphiql-execute-button').click();
    const result = page.locator('.result-window');
    await result.getByText('"people"').waitFor();
    await result.getByText('"hasNextPage"').waitFor();
    expect(await result.textContent()).not.toMatch(/"errors"/);

    await page.locator('[aria-label="Show Documentation Explorer"]').click();
    const docs = page.locator('.graphiql-doc-explorer');
    await docs.getByText('Scenario "district-office"', { exact: false }).waitFor();
    await docs.getByText('at most 50 rows per search page', { exact: false }).waitFor();
    // Only the types the scenario can reach; each field says what applies to it here.
    expect(await docs.getByText('License', { exact: true }).count()).toBe(0);
    await docs.getByText('Person', { exact: true }).first().click();
    await docs.getByText('Masked for this scenario (ID_NUMBER)', { exact: false }).waitFor();

    if (process.env.CIVICGRAPH_IDE_SCREENSHOT) await page.screenshot({ path: process.env.CIVICGRAPH_IDE_SCREENSHOT });
    expect(elsewhere).toEqual([]);
    expect(problems).toEqual([]);
  });

  it('is served only at the gateway, to browsers: a GraphQL client still gets GraphQL at GET /graphql', async () => {
    const html = await fetch(`${origin()}/graphql`, { headers: { accept: 'text/html' } });
    expect(html.headers.get('content-type')).toMatch(/^text\/html/);
    expect(html.headers.get('content-security-policy')).toContain("script-src 'self'");
    const api = await fetch(`${origin()}/graphql?query=${encodeURIComponent('{ __typename }')}`, {
      headers: { accept: 'application/json', authorization: `Bearer ${key}`, 'x-use-reason': 'test', 'apollo-require-preflight': 'true' },
    });
    expect(await api.json()).toEqual({ data: { __typename: 'Query' } });
    const subgraph = await fetch(city.subgraphUrls.population, { headers: { accept: 'text/html' } });
    expect(subgraph.headers.get('content-type')).not.toMatch(/^text\/html/);
  });
});
