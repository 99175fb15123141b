/**
 * Quality benchmark: a full data quality run at two city sizes (default 10,000 and 1,000,000 residents),
 * each seeded fresh with the default share of defects (0.001 of each class), on PGlite or PostgreSQL. Times
 * each part of the run — the owners' rules in their databases, reading residents through the governed
 * gateway, the cross-database rules, keeping the results and issues — and checks the run found exactly the
 * defects injected.
 *
 * Usage: npm run bench:quality [-- --database pglite|postgres --sizes 10000,1000000]
 * Writes results/quality-<database>.json and .md.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { issueQualitySupervisorKey, recordQualityRun, requestQualityRun } from '@civicgraph/governance-subgraph';
import { generateLicenseSigningKey } from '@civicgraph/license-signature';
import { closeCityDatabases, DEFECT_CLASSES, injectDefects, migrateCity, seedCity, startCivicGraph } from '@civicgraph/platform';
import { generateContextSigningKey } from '@civicgraph/policy';
import { PrismaClient as GovernanceClient } from '@civicgraph/prisma/governance';
import { createPlatformClient, runQuality, type PlatformClient } from '@civicgraph/quality';
import { createLogger } from '@civicgraph/server';
import { benchDatabaseOf, DATABASE_OPTIONS, emptyPGliteCity, emptyPostgresCity, exitWithError, machineOf } from './benchDatabase';
import { trackPeakRss } from './runLoad';

const DEFECT_SHARE = 0.001;

interface SizeResult {
  persons: number;
  records: { persons: number; legalEntities: number; addresses: number; licenses: number };
  seedSeconds: number;
  /** Seconds per part of the run, and in all. */
  seconds: { ownerRules: number; platformRead: number; crossRules: number; record: number; total: number };
  /** Gateway requests the platform read took. */
  platformRequests: number;
  peakRssMiB: number;
  injected: number;
  found: number;
  /** Rules whose failing records were not exactly the injected ones (empty when the run was right). */
  mismatches: string[];
}

async function main() {
  const { values } = parseArgs({ options: { ...DATABASE_OPTIONS, sizes: { type: 'string', default: '10000,1000000' } } });
  const database = benchDatabaseOf(values);
  const results: SizeResult[] = [];
  for (const persons of values.sizes!.split(',').map(Number)) {
    const city = database.kind === 'pglite' ? await emptyPGliteCity() : await emptyPostgresCity(database.adminUrl);
    let dbs = city.dbs;
    try {
      await migrateCity(dbs);
      const seeded = performance.now();
      const summary = await seedCity(dbs, { persons, seed: 2260, signingKey: generateLicenseSigningKey() });
      const injected = await injectDefects(dbs, Object.fromEntries(Object.keys(DEFECT_CLASSES).map((d) => [d, DEFECT_SHARE])), { seed: 2260 });
      for (const db of Object.values(dbs)) await db.exec('ANALYZE');
      const seedSeconds = (performance.now() - seeded) / 1000;
      console.log(`${persons} residents seeded and ${injected.length} records broken in ${seedSeconds.toFixed(1)} s`);
      // Measured as a server finds the city: its databases opened afresh.
      await closeCityDatabases(dbs);
      dbs = await city.reopen();
      const app = await startCivicGraph({
        dbs,
        contextKey: generateContextSigningKey(),
        logger: createLogger({ name: 'quality', level: 'silent' }),
        port: 0,
        subgraphPorts: 0,
        quality: false,
      });
      try {
        const governance = new GovernanceClient({ adapter: dbs.governance.adapter });
        const apiKey = await issueQualitySupervisorKey(governance);
        let platformRequests = 0;
        const client = createPlatformClient(app.url, apiKey);
        const platform: PlatformClient = (query, variables) => {
          platformRequests++;
          return client(query, variables);
        };
        const rss = trackPeakRss(200);
        const started = performance.now();
        const result = await runQuality({
          databases: dbs,
          platform,
          asOf: new Date('2026-11-01T12:00:00+08:00'),
        });
        const ran = performance.now();
        const run = await requestQualityRun(governance, { trigger: 'ADMIN' });
        await recordQualityRun(governance, run.id, result);
        const recorded = performance.now();
        const peakRssMiB = rss.stop();
        const expected = new Map<string, string[]>();
        for (const d of injected) expected.set(d.rule, [...(expected.get(d.rule) ?? []), d.key].sort());
        const mismatches = result.outcomes
          .filter((o) => JSON.stringify(o.failing) !== JSON.stringify(expected.get(o.rule.code) ?? []))
          .map((o) => `${o.rule.code}: ${o.failing.length} found, ${expected.get(o.rule.code)?.length ?? 0} injected`);
        const seconds = (from: number, to: number) => Math.round((to - from) / 100) / 10;
        const { durations } = result;
        results.push({
          persons,
          records: { persons: summary.persons, legalEntities: summary.legalEntities, addresses: summary.addresses, licenses: summary.licenses },
          seedSeconds: Math.round(seedSeconds * 10) / 10,
          seconds: {
            ownerRules: seconds(0, durations.ownerRules),
            platformRead: seconds(0, durations.platformRead),
            crossRules: seconds(0, durations.crossRules),
            record: seconds(ran, recorded),
            total: seconds(started, recorded),
          },
          platformRequests,
          peakRssMiB,
          injected: injected.length,
          found: result.outcomes.reduce((n, o) => n + o.failing.length, 0),
          mismatches,
        });
        console.log(JSON.stringify(results.at(-1)));
      } finally {
        await app.stop();
      }
    } finally {
      await closeCityDatabases(dbs);
      await city.drop();
    }
  }
  const report = {
    date: new Date().toISOString(),
    machine: machineOf(),
    database: database.kind,
    defectShare: DEFECT_SHARE,
    results,
  };
  const stem = path.join(__dirname, '..', 'results', `quality-${database.kind}`);
  writeFileSync(`${stem}.json`, `${JSON.stringify(report, null, 2)}\n`);
  const markdown = [
    `# Quality benchmark, ${report.date.slice(0, 10)} — ${report.database}`,
    '',
    `Machine: ${report.machine.cpus} × ${report.machine.cpu.split(' ').slice(0, 2).join(' ')}, ${report.machine.memoryGiB} GiB, Node.js ${report.machine.node}. ` +
      `One full quality run per city size (every rule, results and issues kept), on a city seeded fresh with ${DEFECT_SHARE} of each defect class broken.`,
    '',
    '| residents | licenses | owners’ rules s | platform read s (requests) | cross-database rules s | keep results s | total s | peak RSS MiB | injected | found | exactly the injected |',
    '| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |',
    ...results.map(
      (r) =>
        `| ${r.persons} | ${r.records.licenses} | ${r.seconds.ownerRules} | ${r.seconds.platformRead} (${r.platformRequests}) | ${r.seconds.crossRules} | ${r.seconds.record} | ${r.seconds.total} | ${r.peakRssMiB} | ${r.injected} | ${r.found} | ${r.mismatches.length ? r.mismatches.join('; ') : 'yes'} |`,
    ),
    '',
    ...(results.length === 2
      ? [
          `Total at ${results[1]!.persons} / at ${results[0]!.persons}: ${(results[1]!.seconds.total / results[0]!.seconds.total).toFixed(1)}× for ${(results[1]!.persons / results[0]!.persons).toFixed(0)}× the residents.`,
          '',
        ]
      : []),
  ].join('\n');
  writeFileSync(`${stem}.md`, markdown);
  console.log(markdown);
}

main().catch(exitWithError);
