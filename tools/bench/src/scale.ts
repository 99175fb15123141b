/**
 * Scale benchmark: the same queries at two city sizes (default 10,000 and 1,000,000 residents), each
 * seeded fresh into PGlite or PostgreSQL, reporting seed throughput, the latency of each query (one
 * connection, sequential requests through the governed gateway, a different record each time) and the
 * ratio between the sizes, and EXPLAIN ANALYZE of exactly the statements the filtered searches ran at the
 * largest size.
 *
 * Usage: npm run bench:scale [-- --database pglite|postgres --sizes 10000,1000000 --samples 200]
 * Writes results/scale-<database>.json and .md.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { EXAMPLE_QUERY } from '@civicgraph/cli';
import { generateLicenseSigningKey } from '@civicgraph/license-signature';
import { closeCityDatabases, migrateCity, startCivicGraph, type PlatformDatabases, seedCity, createAllFieldsScenario } from '@civicgraph/platform';
import { generateContextSigningKey } from '@civicgraph/policy';
import { createLogger } from '@civicgraph/server';
import { benchDatabaseOf, DATABASE_OPTIONS, emptyPGliteCity, emptyPostgresCity, exitWithError, machineOf } from './benchDatabase';
import { trackPeakRss } from './runLoad';

interface Query {
  name: string;
  /** Request bodies, one per sample (a different record or district each time). */
  bodies: string[];
}

interface SizeResult {
  persons: number;
  seed: { seconds: number; residentsPerSecond: number; peakRssMiB: number; licenses: number; legalEntities: number; addresses: number };
  latency: { query: string; p50Ms: number; meanMs: number; p90Ms: number }[];
  explain: { query: string; database: string; sql: string; plan: string; usesIndex: boolean; seqScans: string[] }[];
}

const KEY_LOOKUP = 'query Lookup($idNumber: String!) { personByIdNumber(idNumber: $idNumber) { name gender birthDate } }';
const PEOPLE_SEARCH =
  'query Search($district: String!) { people(filter: { residenceDistrictCode: $district, namePrefix: "王" }, first: 20) { nodes { name birthDate } } }';
const ENTITY_SEARCH =
  'query Entities($district: String!) { legalEntities(filter: { districtCode: $district, status: ACTIVE }, first: 20) { nodes { name uscc } } }';

async function main() {
  const { values } = parseArgs({
    options: {
      ...DATABASE_OPTIONS,
      sizes: { type: 'string', default: '10000,1000000' },
      samples: { type: 'string', default: '200' },
    },
  });
  const database = benchDatabaseOf(values);
  const sizes = values.sizes!.split(',').map(Number);
  const samples = Number(values.samples);
  const results: SizeResult[] = [];
  for (const persons of sizes) {
    const empty = database.kind === 'pglite' ? await emptyPGliteCity() : await emptyPostgresCity(database.adminUrl);
    let { dbs } = empty;
    try {
      await migrateCity(dbs);
      const rss = trackPeakRss(200);
      const started = performance.now();
      const summary = await seedCity(dbs, { persons, seed: 2260, signingKey: generateLicenseSigningKey() });
      const seconds = (performance.now() - started) / 1000;
      const peakRssMiB = rss.stop();
      for (const db of Object.values(dbs)) await db.exec('ANALYZE');
      console.log(`${persons} residents seeded in ${seconds.toFixed(1)} s (${Math.round(persons / seconds)}/s)`);
      const apiKey = await createAllFieldsScenario(dbs);
      // Measured as a server finds the city: its databases opened afresh. Measured in the state the seed
      // left instead (on PGlite: five database instances grown by the load, a heap full of its garbage), the
      // million-resident city looked 1.3–1.4× slower on PGlite than the same databases opened anew (0.9–1.2×).
      await closeCityDatabases(dbs);
      dbs = await empty.reopen();
      const result: SizeResult = {
        persons,
        seed: {
          seconds: Math.round(seconds * 10) / 10,
          residentsPerSecond: Math.round(persons / seconds),
          peakRssMiB,
          licenses: summary.licenses,
          legalEntities: summary.legalEntities,
          addresses: summary.addresses,
        },
        latency: [],
        explain: [],
      };
      const app = await startCivicGraph({
        dbs,
        contextKey: generateContextSigningKey(),
        logger: createLogger({ name: 'scale', level: 'silent' }),
        port: 0,
        subgraphPorts: 0,
      });
      try {
        const queries = await sampleQueries(dbs, samples);
        const post = async (body: string) => {
          const response = await fetch(app.url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${apiKey}` }, body });
          const json = (await response.json()) as { errors?: unknown };
          if (json.errors) throw new Error(`unexpected errors: ${JSON.stringify(json.errors).slice(0, 300)}`);
        };
        // Warm-up: every query as many times as it is measured, before any is measured. (The sizes run one
        // after the other in this process; a short warm-up left the first size measured on colder code.)
        for (const query of queries) for (const body of query.bodies) await post(body);
        for (const query of queries) {
          const times: number[] = [];
          for (const body of query.bodies) {
            const t = performance.now();
            await post(body);
            times.push(performance.now() - t);
          }
          times.sort((a, b) => a - b);
          const at = (q: number) => Math.round(times[Math.floor(q * (times.length - 1))]! * 100) / 100;
          result.latency.push({
            query: query.name,
            p50Ms: at(0.5),
            p90Ms: at(0.9),
            meanMs: Math.round((times.reduce((a, b) => a + b, 0) / times.length) * 100) / 100,
          });
        }
        // The statements each filtered search ran, explained with their own arguments.
        for (const query of queries.filter((q) => q.name.includes('search'))) {
          const seen: { database: string; sql: string; args: readonly unknown[] }[] = [];
          for (const [name, db] of Object.entries(dbs)) db.statements.observe = (sql, args) => seen.push({ database: name, sql, args });
          await post(query.bodies[0]!);
          for (const db of Object.values(dbs)) delete db.statements.observe;
          for (const statement of seen.filter((s) => /^\s*SELECT/i.test(s.sql) && !/audit_|"grant"|api_key|scenario|application/.test(s.sql))) {
            const db = dbs[statement.database as keyof PlatformDatabases];
            const rows = await db.query<{ 'QUERY PLAN': string }>(`EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF) ${statement.sql}`, [...statement.args]);
            const plan = rows.map((r) => r['QUERY PLAN']).join('\n');
            const seqScans = [...plan.matchAll(/Seq Scan on (\w+)/g)].map((m) => m[1]!);
            result.explain.push({ query: query.name, database: statement.database, sql: statement.sql, plan, usesIndex: /Index|Bitmap/.test(plan), seqScans });
          }
        }
      } finally {
        await app.stop();
      }
      results.push(result);
    } finally {
      await closeCityDatabases(dbs);
      await empty.drop();
    }
  }
  const report = {
    date: new Date().toISOString(),
    machine: machineOf(),
    database: database.kind,
    samples,
    results,
  };
  const stem = path.join(__dirname, '..', 'results', `scale-${database.kind}`);
  writeFileSync(`${stem}.json`, `${JSON.stringify(report, null, 2)}\n`);
  const markdown = scaleMarkdown(report);
  writeFileSync(`${stem}.md`, markdown);
  console.log(markdown);
}

/** `samples` request bodies per query, each for another record (or district), drawn from the seeded city. */
async function sampleQueries(dbs: PlatformDatabases, samples: number): Promise<Query[]> {
  const people = await dbs.population.query<{ id_number: string }>(`SELECT id_number FROM person ORDER BY md5(id::text) LIMIT ${samples}`);
  const representatives = await dbs['legal-entity'].query<{ representative_id: string }>(
    `SELECT DISTINCT representative_id FROM legal_entity WHERE status = 'ACTIVE' ORDER BY representative_id LIMIT ${samples}`,
  );
  const profiles = await dbs.population.query<{ id_number: string }>('SELECT id_number FROM person WHERE id = ANY($1::uuid[])', [
    representatives.map((r) => r.representative_id),
  ]);
  const districts = (await dbs.spatial.query<{ code: string }>(`SELECT code FROM division WHERE level = 'DISTRICT' ORDER BY code`)).map((d) => d.code);
  const cycle = <T>(list: T[]) => Array.from({ length: samples }, (_, i) => list[i % list.length]!);
  return [
    { name: 'key lookup (personByIdNumber)', bodies: cycle(people).map((p) => JSON.stringify({ query: KEY_LOOKUP, variables: { idNumber: p.id_number } })) },
    {
      name: 'citizen profile (4 subgraphs)',
      bodies: cycle(profiles).map((p) => JSON.stringify({ query: EXAMPLE_QUERY, variables: { idNumber: p.id_number } })),
    },
    {
      name: 'people search (district + name prefix)',
      bodies: cycle(districts).map((district) => JSON.stringify({ query: PEOPLE_SEARCH, variables: { district } })),
    },
    {
      name: 'legal-entity search (district + status)',
      bodies: cycle(districts).map((district) => JSON.stringify({ query: ENTITY_SEARCH, variables: { district } })),
    },
  ];
}

function scaleMarkdown(report: {
  date: string;
  machine: { cpus: number; cpu: string; memoryGiB: number; node: string };
  database: string;
  samples: number;
  results: SizeResult[];
}): string {
  const [small, large] = [report.results[0]!, report.results[report.results.length - 1]!];
  const lines = [
    `# Scale benchmark, ${report.date.slice(0, 10)} — ${report.database}`,
    '',
    `Machine: ${report.machine.cpus} × ${report.machine.cpu}, ${report.machine.memoryGiB} GiB, Node.js ${report.machine.node}. Latency: ${report.samples} sequential requests per query through the governed gateway (audit on), one connection, a different record or district each time, after as many warm-up requests of every query.`,
    '',
    '| residents | seed s | residents/s | peak RSS MiB | addresses | legal entities | licenses |',
    '| ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...report.results.map(
      (r) =>
        `| ${r.persons} | ${r.seed.seconds} | ${r.seed.residentsPerSecond} | ${r.seed.peakRssMiB} | ${r.seed.addresses} | ${r.seed.legalEntities} | ${r.seed.licenses} |`,
    ),
    '',
    `| query | ${report.results.map((r) => `p50 ms at ${r.persons}`).join(' | ')} | p50 ${large.persons} / ${small.persons} | mean ${large.persons} / ${small.persons} |`,
    `| --- | ${report.results.map(() => '---:').join(' | ')} | ---: | ---: |`,
    ...small.latency.map((l, i) => {
      const big = large.latency[i]!;
      return `| ${l.query} | ${report.results.map((r) => r.latency[i]!.p50Ms).join(' | ')} | ${(big.p50Ms / l.p50Ms).toFixed(2)} | ${(big.meanMs / l.meanMs).toFixed(2)} |`;
    }),
    '',
    `## Plans at ${large.persons} residents (EXPLAIN ANALYZE of the statements each search ran)`,
    '',
  ];
  for (const e of large.explain) {
    lines.push(
      `### ${e.query} — ${e.database}${e.seqScans.length ? ` (sequential scan of ${e.seqScans.join(', ')})` : ''}`,
      '',
      '```sql',
      e.sql,
      '```',
      '',
      '```',
      e.plan,
      '```',
      '',
    );
  }
  return lines.join('\n');
}

main().catch(exitWithError);
