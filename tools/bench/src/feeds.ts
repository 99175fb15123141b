/**
 * Change feeds benchmark: events delivered per second, side by side in one run — a thin and a full webhook
 * subscription alone, and four thin subscriptions at once — on a seeded city (default 10,000 residents), PGlite
 * or PostgreSQL. Each event costs what delivery promises: a fresh read of the subscription and its grants, a
 * re-read of the record through the gateway under the subscriber's scenario (authorized, masked, logged), the
 * numbering and the attempt kept, and a signed POST to a local endpoint.
 *
 * Usage: npm run bench:feeds [-- --database pglite|postgres --persons 10000 --changes 2000]
 * Writes results/feeds-<database>.json and .md.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { generateLicenseSigningKey } from '@civicgraph/license-signature';
import { CHANGE_FEED_API, closeCityDatabases, createScenarios, migrateCity, seedCity, startCivicGraph } from '@civicgraph/platform';
import { generateContextSigningKey } from '@civicgraph/policy';
import { PrismaClient as GovernanceClient } from '@civicgraph/prisma/governance';
import { createLogger } from '@civicgraph/server';
import { benchDatabaseOf, DATABASE_OPTIONS, emptyPGliteCity, emptyPostgresCity, exitWithError, machineOf } from './benchDatabase';

interface VariantResult {
  variant: string;
  subscriptions: number;
  events: number;
  seconds: number;
  eventsPerSecond: number;
}

async function main() {
  const { values } = parseArgs({
    options: { ...DATABASE_OPTIONS, persons: { type: 'string', default: '10000' }, changes: { type: 'string', default: '2000' } },
  });
  const database = benchDatabaseOf(values);
  const persons = Number(values.persons);
  const changes = Number(values.changes);
  const city = database.kind === 'pglite' ? await emptyPGliteCity() : await emptyPostgresCity(database.adminUrl);
  let dbs = city.dbs;
  await migrateCity(dbs);
  await seedCity(dbs, { persons, seed: 2260, signingKey: generateLicenseSigningKey() });
  await closeCityDatabases(dbs);
  dbs = await city.reopen();
  const app = await startCivicGraph({
    dbs,
    contextKey: generateContextSigningKey(),
    logger: createLogger({ name: 'feeds', level: 'silent' }),
    port: 0,
    subgraphPorts: 0,
    quality: false,
  });
  let received = 0;
  const endpoint = createServer((req, res) => {
    req.resume().on('end', () => {
      received++;
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => endpoint.listen(0, '127.0.0.1', resolve));
  const endpointUrl = `http://127.0.0.1:${(endpoint.address() as AddressInfo).port}/`;
  const results: VariantResult[] = [];
  try {
    const governance = new GovernanceClient({ adapter: dbs.governance.adapter });
    const [{ apiKey }] = (await createScenarios(governance, [
      {
        code: 'feed-bench',
        name: 'Change feed benchmark',
        purpose: 'benchmark',
        legalBasis: 'benchmark',
        departmentCode: 'SH-BDC',
        useReasonRequired: false,
        grants: ['Query.person', 'Person.id', 'Person.name', 'Person.maritalStatus', 'Person.deathDate', ...CHANGE_FEED_API],
        masks: { 'Person.name': 'NAME' },
        requestsPerSecond: 100_000,
        burst: 100_000,
        rowsPerDay: 100_000_000,
      },
    ])) as unknown as [{ apiKey: string }];
    const ids = (await dbs.population.query<{ id: string }>(`SELECT id::text FROM person ORDER BY id LIMIT $1`, [changes])).map((r) => r.id);
    const subscribe = async (payload: 'THIN' | 'FULL') => {
      const response = await fetch(app.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${apiKey}` },
        body: JSON.stringify({
          query: `mutation($input: ChangeSubscriptionInput!) { subscribeToChanges(input: $input) { subscription { id } } }`,
          variables: { input: { owner: 'POPULATION', entityTypes: ['Person'], operations: ['UPDATED'], delivery: 'WEBHOOK', endpoint: endpointUrl, payload } },
        }),
      });
      const answer = (await response.json()) as { data: { subscribeToChanges: { subscription: { id: string } } } };
      return answer.data.subscribeToChanges.subscription.id;
    };
    const variants: { variant: string; payloads: ('THIN' | 'FULL')[] }[] = [
      { variant: 'thin, one subscription', payloads: ['THIN'] },
      { variant: 'full, one subscription', payloads: ['FULL'] },
      { variant: 'thin, four subscriptions', payloads: ['THIN', 'THIN', 'THIN', 'THIN'] },
    ];
    for (const { variant, payloads } of variants) {
      const subscriptions = await Promise.all(payloads.map(subscribe));
      // Let each new subscription take its place in the outbox before the changes come.
      await new Promise((resolve) => setTimeout(resolve, 1_500));
      received = 0;
      const expected = ids.length * subscriptions.length;
      const started = performance.now();
      await dbs.population.query(
        `UPDATE person SET marital_status = (CASE WHEN marital_status::text = 'DIVORCED' THEN 'MARRIED' ELSE 'DIVORCED' END)::"MaritalStatus" WHERE id = ANY($1::uuid[])`,
        [ids],
      );
      while (received < expected) await new Promise((resolve) => setTimeout(resolve, 20));
      const seconds = (performance.now() - started) / 1000;
      results.push({ variant, subscriptions: subscriptions.length, events: expected, seconds, eventsPerSecond: expected / seconds });
      console.log(JSON.stringify(results.at(-1)));
      for (const id of subscriptions) await governance.changeSubscription.update({ where: { id }, data: { status: 'CANCELLED' } });
    }
  } finally {
    endpoint.close();
    await app.stop();
    await closeCityDatabases(dbs);
    await city.drop();
  }
  const report = { date: new Date().toISOString().slice(0, 10), database: database.kind, machine: machineOf(), persons, changes, results };
  const stem = path.join(__dirname, '..', 'results', `feeds-${database.kind}`);
  writeFileSync(`${stem}.json`, `${JSON.stringify(report, null, 2)}\n`);
  const base = results[0]!.eventsPerSecond;
  const markdown = [
    `# Change feeds benchmark, ${report.date} — ${database.kind}`,
    '',
    `Machine: ${report.machine.cpus} × ${report.machine.cpu.split(' ').slice(0, 2).join(' ')}, ${report.machine.memoryGiB} GiB, Node.js ${report.machine.node}. ${persons} residents; ${changes} residents' marital status changed in one transaction, each change delivered to every subscription by webhook to a local endpoint (each event: the subscription read afresh, a re-read through the gateway under the subscriber's scenario, numbering and the attempt kept, a signed POST).`,
    '',
    '| variant | subscriptions | events | seconds | events/s | ratio to thin, one |',
    '| --- | ---: | ---: | ---: | ---: | ---: |',
    ...results.map(
      (r) =>
        `| ${r.variant} | ${r.subscriptions} | ${r.events} | ${r.seconds.toFixed(1)} | ${Math.round(r.eventsPerSecond)} | ${(r.eventsPerSecond / base).toFixed(2)} |`,
    ),
    '',
  ].join('\n');
  writeFileSync(`${stem}.md`, markdown);
  console.log(markdown);
}

main().catch(exitWithError);
