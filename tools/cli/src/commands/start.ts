import path from 'node:path';
import {
  createScenarios,
  createDemoStaff,
  CITIZEN_PROFILE_OPERATION,
  DEMO_SCENARIOS,
  type DemoCredentials,
  readDemoCredentials,
  writeDemoCredentials,
  demoCredentialsFile,
  closeCityDatabases,
  loadOrCreateContextKey,
  loadOrCreateIdentityProviderKey,
  loadOrCreateMetricsToken,
  loadOrCreateWebhookSigningKeys,
  migrateCityOneByOne,
  openCityDatabases,
  startCivicGraph,
  type PlatformDatabases,
  isSeeded,
} from '@civicgraph/platform';
import type { OidcSettings } from '@civicgraph/console';
import { documentId, ensureAdminScenario, issueAdminKey } from '@civicgraph/governance-subgraph';
import { DEV_IDENTITY_PROVIDER } from '@civicgraph/policy';
import { PrismaClient as GovernanceClient } from '@civicgraph/prisma/governance';
import { collectProcessMetrics, startTracing } from '@civicgraph/observability';
import { createLogger, stopOnSignals } from '@civicgraph/server';
import { databaseUrls, subgraphPortsOf, type Env } from '../cliEnvironment';
import { seedOpenDatabases } from './seed';

/** A citizen-profile query touching all four subgraphs. */
/** The citizen profile the banner shows: the one-network-service demo scenario's registered operation. */
export const EXAMPLE_QUERY = CITIZEN_PROFILE_OPERATION;

/** A legal representative, so the example answers from all four subgraphs. */
export async function exampleIdNumber(dbs: PlatformDatabases): Promise<string | undefined> {
  const [entity] = await dbs['legal-entity'].query<{ representative_id: string }>(
    `SELECT representative_id FROM legal_entity WHERE status = 'ACTIVE' ORDER BY id LIMIT 1`,
  );
  if (!entity) return undefined;
  const [person] = await dbs.population.query<{ id_number: string }>('SELECT id_number FROM person WHERE id = $1', [entity.representative_id]);
  return person?.id_number;
}

/** What a command run from this folder needs to find the instance's data folder (and its keys). */
function dataDirPrefix(dataDir: string): string {
  return path.resolve(dataDir) === path.resolve('.civicgraph') ? '' : `CIVICGRAPH_DATA_DIR=${dataDir} `;
}

/**
 * The demo scenarios and their API keys: created on first start, kept in the data folder (owner-only),
 * since the database holds only the keys' hashes.
 */
async function demoCredentials(dbs: PlatformDatabases, dataDir: string): Promise<DemoCredentials> {
  const governance = new GovernanceClient({ adapter: dbs.governance.adapter });
  if ((await governance.scenario.count()) > 0) {
    // Upgrades may add governance fields: the admin scenario is kept granted all of them.
    await ensureAdminScenario(governance);
    const kept = readDemoCredentials(dataDir);
    if (!kept) return { admin: null, scenarios: [] };
    // A city seeded before a demo scenario (or the console) existed is given it now, added to the file.
    const existing = new Set((await governance.scenario.findMany({ select: { code: true } })).map((s) => s.code));
    const missing = DEMO_SCENARIOS.filter((s) => !existing.has(s.code));
    const noStaff = (await governance.staffAccount.count()) === 0;
    if (!missing.length && !noStaff) return kept;
    const credentials = { ...kept, scenarios: [...kept.scenarios, ...(await createScenarios(governance, missing))] };
    if (noStaff) credentials.staff = await createDemoStaff(governance);
    writeDemoCredentials(dataDir, credentials);
    return credentials;
  }
  const scenarios = await createScenarios(governance, DEMO_SCENARIOS);
  const { apiKey } = await issueAdminKey(governance, 'Administrator (demo)');
  const credentials: DemoCredentials = { admin: { apiKey }, scenarios, staff: await createDemoStaff(governance) };
  writeDemoCredentials(dataDir, credentials);
  return credentials;
}

/** The city's OpenID Connect provider for console sign-in, when configured (issuer, client id and secret together). */
function consoleOidc(env: Env): OidcSettings | undefined {
  const { CIVICGRAPH_OIDC_ISSUER: issuer, CIVICGRAPH_OIDC_CLIENT_ID: clientId, CIVICGRAPH_OIDC_CLIENT_SECRET: clientSecret } = env;
  if (!issuer && !clientId && !clientSecret) return undefined;
  if (!issuer || !clientId || !clientSecret)
    throw new Error('OpenID Connect sign-in needs CIVICGRAPH_OIDC_ISSUER, CIVICGRAPH_OIDC_CLIENT_ID and CIVICGRAPH_OIDC_CLIENT_SECRET together');
  return { issuer, clientId, clientSecret, redirectUri: env.CIVICGRAPH_OIDC_REDIRECT_URI, allowHttp: new URL(issuer).protocol === 'http:' };
}

/** `npm start`: migrate, seed an empty city, serve the four subgraphs and the gateway until interrupted. */
export async function startCommand(env: Env): Promise<void> {
  const logger = createLogger({ name: 'civicgraph', level: env.LOG_LEVEL });
  const open = (sharedBuffers?: string) => openCityDatabases({ dataDir: env.CIVICGRAPH_DATA_DIR, urls: databaseUrls(env), sharedBuffers });
  await migrateCityOneByOne({ dataDir: env.CIVICGRAPH_DATA_DIR, urls: databaseUrls(env), sharedBuffers: env.PGLITE_SHARED_BUFFERS });
  let dbs = await open(env.PGLITE_SHARED_BUFFERS);
  if (!(await isSeeded(dbs))) {
    console.log(`First start: seeding ${env.CIVICGRAPH_SEED_PERSONS} residents into ${env.CIVICGRAPH_DATA_DIR} …`);
    // A bulk load grows each database's WebAssembly heap for good: the city is served from databases opened afresh after it.
    await seedOpenDatabases(dbs, env, { persons: env.CIVICGRAPH_SEED_PERSONS, defects: env.CIVICGRAPH_SEED_DEFECTS, progress: process.stdout.isTTY });
    await closeCityDatabases(dbs);
    dbs = await open(env.PGLITE_SHARED_BUFFERS);
  }
  const credentials = await demoCredentials(dbs, env.CIVICGRAPH_DATA_DIR);
  const identityProvider = loadOrCreateIdentityProviderKey(env.CIVICGRAPH_DATA_DIR);
  const metricsToken = env.METRICS_TOKEN ?? loadOrCreateMetricsToken(env.CIVICGRAPH_DATA_DIR);
  // Off unless OTEL_TRACES_EXPORTER is set (otlp or console).
  collectProcessMetrics();
  const tracing = startTracing({ serviceName: 'civicgraph' });
  const app = await startCivicGraph({
    dbs,
    logger,
    port: env.PORT,
    subgraphPorts: subgraphPortsOf(env),
    host: env.HOST,
    contextKey: loadOrCreateContextKey(env.CIVICGRAPH_DATA_DIR),
    subjectTokens: { publicKey: identityProvider.publicKey, issuer: DEV_IDENTITY_PROVIDER },
    transport: env.CIVICGRAPH_TRANSPORT,
    metricsToken,
    failedAuthenticationsPerMinute: env.AUTH_FAILURES_PER_MINUTE,
    requestTimeoutMs: env.REQUEST_TIMEOUT_MS,
    requestLogSpoolFile: path.resolve(env.CIVICGRAPH_DATA_DIR, 'spool', 'request-log.spool'),
    feeds: { signingKeys: loadOrCreateWebhookSigningKeys(env.CIVICGRAPH_DATA_DIR) },
    cityChanges: true,
    quality: { schedule: env.CIVICGRAPH_QUALITY_SCHEDULE === 'off' ? null : env.CIVICGRAPH_QUALITY_SCHEDULE },
    console: {
      sessions: { idleMs: env.CIVICGRAPH_CONSOLE_IDLE_MINUTES * 60_000, absoluteMs: env.CIVICGRAPH_CONSOLE_SESSION_HOURS * 3_600_000 },
      oidc: consoleOidc(env),
    },
  });
  const counter = credentials.scenarios.find((s) => s.code === 'one-network-service');
  const districtOffice = credentials.scenarios.find((s) => s.code === 'district-office');
  const selfService = credentials.scenarios.find((s) => s.code === 'citizen-self-service');
  const idNumber = await exampleIdNumber(dbs);
  console.log(`
CivicGraph is running.
  GraphQL endpoint  ${app.url}
  Subgraphs         ${Object.entries(app.subgraphUrls)
    .map(([n, u]) => `${n} ${u}`)
    .join(', ')}
  Metrics           ${app.url.replace(/\/graphql$/, '/metrics')} with -H 'authorization: Bearer ${metricsToken}' (operators only)${
    districtOffice
      ? `
  IDE (GraphiQL)    ${app.url}#${new URLSearchParams({ key: districtOffice.apiKey, useReason: '居民事务受理' })}
                    (as the district office; the part after # never leaves your browser)`
      : ''
  }
  Console           ${app.url.replace(/\/graphql$/, '/console/')}${
    credentials.staff?.length
      ? `  sign in as (username / password, also in the credentials file):
${credentials.staff.map((p) => `                    ${p.username.padEnd(14)} ${p.password}   ${p.roles.map((r) => r.split(':').slice(0, 2).join(':')).join(', ')}`).join('\n')}`
      : ''
  }

Every call needs an application's API key, bound to an approved scenario that decides which fields it may
read. Demo scenarios and their keys (also in ${demoCredentialsFile(env.CIVICGRAPH_DATA_DIR)}):
${credentials.scenarios.map((s) => `  ${s.code.padEnd(22)} ${s.apiKey}`).join('\n')}${credentials.admin ? `\n  ${'admin'.padEnd(22)} ${credentials.admin.apiKey}` : ''}
${
  counter
    ? `
Try the citizen profile as a service-counter clerk (the scenario requires a use reason, and accepts its
registered operations only: the profile is sent by its id, the SHA-256 of its text):
  curl -s ${app.url} -H 'content-type: application/json' \\
    -H 'authorization: Bearer ${counter.apiKey}' -H 'x-use-reason: case 2026-0001' \\
    -d '${JSON.stringify({ documentId: `sha256:${documentId(EXAMPLE_QUERY)}`, variables: { idNumber } })}'
`
    : ''
}${
    selfService
      ? `
As that citizen in the self-service app (self only: a subject token from the development identity provider):
  TOKEN=$(${dataDirPrefix(env.CIVICGRAPH_DATA_DIR)}npx civicgraph token --id-number ${idNumber})
  curl -s ${app.url} -H 'content-type: application/json' \\
    -H 'authorization: Bearer ${selfService.apiKey}' -H "x-subject-token: $TOKEN" \\
    -d '${JSON.stringify({ query: 'query($idNumber: String!) { personByIdNumber(idNumber: $idNumber) { name phone licenses { name status } } }', variables: { idNumber } })}'
`
      : ''
  }`);
  stopOnSignals(async () => {
    logger.info('stopping');
    await app.stop();
    await tracing?.shutdown();
    await closeCityDatabases(dbs);
  });
}
