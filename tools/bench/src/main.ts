/**
 * The benchmark suite: every variant over one city in one run, reported as ratios against the textbook
 * Apollo federation (the headline) and against each other.
 *
 * Variants (all over the same subgraph code and the same databases, 20 connections):
 * - governed: our gateway and subgraphs as served (grant enforcement, masks, row rules, audit);
 * - textbook: stock `@apollo/gateway` over stock `@apollo/server` subgraphs serving the same resolvers and
 *   loaders with no governance (the baseline, built here: textbookGateway.ts, textbookSubgraphs.ts);
 * - registered: the governed gateway with the citizen profile sent by id (a registered operation);
 * - single-process: the governed gateway with the subgraphs in its process (called directly, no HTTP or JSON);
 * - grafbase: the Grafbase gateway (Rust) over the textbook subgraphs, in a process of its own, an anchor for
 *   the gateway process's CPU per request (PostgreSQL only; its binary is fetched into node_modules/.cache on
 *   first use; skipped where it does not run);
 * - one subgraph queried directly (the population part of the profile).
 * Queries: the citizen profile (four subgraphs) and `people(first: 50)` with nested fields, each request
 * taking the next of a list of citizens or pages (every variant the same sequence).
 * Runs rotate the order of variants round by round, so a drift of the shared machine's speed falls on all.
 * On PostgreSQL each subgraph runs in a process of its own, as in production, and the gateway's and the
 * subgraphs' CPU per request are reported apart; on embedded PGlite (a database belongs to one process)
 * every gateway and subgraph shares this process.
 *
 * Every process runs the production build (`npm run bench` builds first; node --conditions=production, no
 * TypeScript loader), as services are deployed.
 * Usage: npm run bench [-- --database pglite|postgres --persons N --seconds S --rounds R --connections C
 *                           --variants governed,textbook,… --queries profile,people]
 * `--variants` and `--queries` measure a subset (variants: governed, textbook, single, grafbase, registered,
 * subgraph), with only
 * the ratios among them; e.g. `--variants governed,textbook --queries profile --rounds 10` alternates the
 * headline pair ten times (ABBA) for a tighter ratio. A subset's results go to
 * results/<database>-<variants>-<queries>.{json,md}, as given.
 * PostgreSQL: --postgres-url (default $CIVICGRAPH_BENCH_POSTGRES_URL, then $CIVICGRAPH_TEST_POSTGRES_URL) names a
 * role allowed to create databases; the run creates five and drops them afterwards.
 * Writes results/<database>.json and results/<database>.md.
 */
import { writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { EXAMPLE_QUERY } from '@civicgraph/cli';
import { encodeCursor } from '@civicgraph/subgraph-kit';
import {
  closeCityDatabases,
  openCityDatabases,
  startCivicGraph,
  startGateway,
  type PlatformDatabases,
  cityTemplate,
  openPostgresCity,
  ALL_FIELDS_SCENARIO,
} from '@civicgraph/platform';
import type { DatabaseName } from '@civicgraph/prisma';
import { createLogger } from '@civicgraph/server';
import { contextBindingKey, generateContextSigningKey, signRequestContext } from '@civicgraph/policy';
import { apiSchema, readCatalog, readSupergraphSdl, type SubgraphName } from '@civicgraph/schema';
import { checkOperations, documentId } from '@civicgraph/governance-subgraph';
import { PrismaClient as GovernanceClient } from '@civicgraph/prisma/governance';
import { runLoad, settle, type LoadProbes, type LoadResult } from './runLoad';
import { startTextbookGateway } from './textbookGateway';
import { BASE_SUBGRAPHS, startTextbookSubgraph } from './textbookSubgraphs';
import { postgresServerCpu, postmasterOf, processCpu } from './processCpu';
import { grafbaseBinary, startGrafbaseGateway } from './grafbaseGateway';
import { auditBatchTotals } from '@civicgraph/observability';
import { mergeAuditBatchTotals, recordsPerCommit } from './auditBatches';
import { startSubgraphProcesses } from './subgraphProcess';
import { benchDatabaseOf, DATABASE_OPTIONS, exitWithError, temporaryDataDir, UsageError, type BenchDatabase } from './benchDatabase';
import { markdownReport, totalCpuMsPerRequest, type BenchReport, type VariantSummary } from './report';

const VARIANTS = {
  governed: 'governed (enforcement + audit)',
  textbook: 'textbook Apollo federation',
  registered: 'governed, registered operation sent by id',
  single: 'single-process governed gateway',
  grafbase: 'Grafbase gateway (Rust) over the textbook subgraphs',
  subgraph: 'population subgraph alone',
} as const;
const VARIANT_KEYS = Object.keys(VARIANTS);

const POPULATION_PART = `query CitizenProfile($idNumber: String!) { personByIdNumber(idNumber: $idNumber) { name gender birthDate } }`;
/** The page sizes whose SQL statements are counted (the count must not grow with the page). */
const PAGE_SIZES = [1, 10, 50, 100];
const PEOPLE_FIELDS = 'nodes { name gender birthDate residenceAddress { fullText district { name } } licenses { name status } }';
const peopleQuery = (first: number) => `query People { people(first: ${first}) { ${PEOPLE_FIELDS} } }`;
/** The measured people query: 50 at a time, from the page each request names. */
const PEOPLE_PAGE = `query PeoplePage($after: String) { people(first: 50, after: $after) { ${PEOPLE_FIELDS} } }`;
/** How many citizens (profile) and pages (people) the requests of a run go through in turn. */
const DISTINCT_REQUESTS = 100;

interface Case {
  variant: string;
  query: 'citizen profile' | 'people(first: 50)';
  url: string;
  /** Taken in turn, one per request. */
  bodies: string[];
  headers: Record<string, string>;
  /** The gateway's CPU, when it runs in a process of its own. */
  gatewayCpuMs?: () => number;
}

interface BenchCity {
  dbs: PlatformDatabases;
  /** PostgreSQL only: where another process opens the same databases. */
  urls: Record<DatabaseName, string> | null;
  apiKey: string;
  drop(): Promise<void>;
}

async function openCity(database: BenchDatabase, persons: number): Promise<BenchCity> {
  if (database.kind === 'pglite') {
    const { snapshots, apiKey } = await cityTemplate({ persons, seed: 2260 });
    const folder = temporaryDataDir();
    return { dbs: await openCityDatabases({ snapshots, dataDir: folder.dataDir }), urls: null, apiKey, drop: folder.remove };
  }
  // Pools of 8 here and 10 in each subgraph's process: within PostgreSQL's default 100 connections.
  const city = await openPostgresCity(database.adminUrl, { persons, seed: 2260 }, { poolSize: 8 });
  return { dbs: city.dbs, urls: city.urls, apiKey: city.apiKey, drop: () => city.drop() };
}

async function main() {
  const { values } = parseArgs({
    options: {
      ...DATABASE_OPTIONS,
      persons: { type: 'string', default: '10000' },
      seconds: { type: 'string', default: '8' },
      connections: { type: 'string', default: '20' },
      rounds: { type: 'string', default: '3' },
      variants: { type: 'string' },
      queries: { type: 'string' },
    },
  });
  const only = (given: string | undefined, known: readonly string[], option: string): string[] | null => {
    if (!given) return null;
    const names = given.split(',').map((n) => n.trim());
    const unknown = names.filter((n) => !known.includes(n));
    if (unknown.length || !names.length) throw new UsageError(`--${option}: unknown ${unknown.join(', ') || '(empty)'}; known: ${known.join(', ')}`);
    return names;
  };
  const onlyVariants = only(values.variants, VARIANT_KEYS, 'variants');
  const onlyQueries = only(values.queries, ['profile', 'people'], 'queries');
  const database = benchDatabaseOf(values);
  const rounds = Number(values.rounds);
  const persons = Number(values.persons);
  const seconds = Number(values.seconds);
  const connections = Number(values.connections);
  const city = await openCity(database, persons);
  const { dbs, apiKey } = city;
  const contextKey = generateContextSigningKey();
  const logger = createLogger({ name: 'bench', level: 'silent' });
  const stacks: { stop(): Promise<unknown> }[] = [];
  const start = async <T extends { stop(): Promise<unknown> }>(stack: Promise<T>) => {
    const started = await stack;
    stacks.push(started);
    return started;
  };
  try {
    // The governed gateway and the textbook one: over subgraphs in processes of their own when the databases
    // allow it (PostgreSQL), else with their subgraphs in this process.
    const subgraphProcesses = city.urls
      ? await start(
          startSubgraphProcesses({
            urls: city.urls,
            contextPublicKeyPem: contextKey.publicKey.export({ type: 'spki', format: 'pem' }).toString(),
            bindingKeyOf: (subgraph) => contextBindingKey(contextKey.privateKey, subgraph).toString('base64url'),
            poolSize: 10,
          }),
        )
      : null;
    const governed = subgraphProcesses
      ? {
          ...(await start(startGateway({ dbs, contextKey, logger, port: 0, subgraphUrls: subgraphProcesses.sets.governed }))),
          subgraphUrls: subgraphProcesses.sets.governed,
        }
      : await start(startCivicGraph({ dbs, contextKey, logger, port: 0, subgraphPorts: 0 }));
    let textbookUrls: Record<SubgraphName, string>;
    if (subgraphProcesses) textbookUrls = subgraphProcesses.sets.textbook;
    else {
      textbookUrls = { ...governed.subgraphUrls };
      for (const name of BASE_SUBGRAPHS) {
        const subgraph = await startTextbookSubgraph(name, dbs[name]);
        stacks.push({ stop: () => subgraph.close() });
        textbookUrls[name] = subgraph.url;
      }
    }
    const textbook = await start(startTextbookGateway(textbookUrls));
    // Grafbase is an anchor for the gateway process's CPU, which only the production topology tells apart: on
    // embedded PGlite every gateway, subgraph and database shares this process.
    const grafbaseWanted = !onlyVariants || onlyVariants.includes('grafbase');
    if (grafbaseWanted && !subgraphProcesses)
      console.error('Grafbase variant skipped: it is measured on PostgreSQL, where each service runs in a process of its own');
    const grafbase = grafbaseWanted && subgraphProcesses ? await startGrafbase(textbookUrls) : null;
    if (grafbase) stacks.push(grafbase);
    const singleProcess = await start(startCivicGraph({ dbs, contextKey, logger, port: 0, transport: 'in-process' }));
    // The population subgraph queried alone verifies one long-lived context, signed and bound before the run.
    const everyField = readCatalog(readSupergraphSdl()).entries.map((e) => e.coordinate);
    const populationContext = await signRequestContext(
      {
        requestId: 'bench',
        app: 'bench',
        department: 'BENCH',
        scenario: 'bench-subgraph',
        grantVersion: 1,
        subject: null,
        useReason: null,
        grants: everyField,
        masks: {},
        constraints: {},
      },
      contextKey.privateKey,
      { audience: 'population', ttlSeconds: 3 * 3600 },
    );

    const idNumbers = await representatives(dbs, DISTINCT_REQUESTS);
    if (!idNumbers.length) throw new Error('the seeded city has no active legal entity to profile its representative');
    const profiles = idNumbers.map((idNumber) => JSON.stringify({ query: EXAMPLE_QUERY, variables: { idNumber } }));
    const pages = (await pageCursors(dbs, 50, DISTINCT_REQUESTS)).map((after) => JSON.stringify({ query: PEOPLE_PAGE, variables: { after } }));
    // The benchmark's scenario accepts its queries only: sent as text or by id, they pass the safelist.
    await registerOnly(dbs, [EXAMPLE_QUERY, PEOPLE_PAGE, ...PAGE_SIZES.map(peopleQuery)]);
    const key = { authorization: `Bearer ${apiKey}` };
    // The gateways, each measured with both queries.
    const gateways: [variant: string, url: string, headers: Record<string, string>, gatewayCpuMs?: () => number][] = [
      [VARIANTS.governed, governed.url, key],
      [VARIANTS.textbook, textbook.url, {}],
      [VARIANTS.single, singleProcess.url, key],
      ...(grafbase ? [[VARIANTS.grafbase, grafbase.url, {}, processCpu(grafbase.pid)] as [string, string, Record<string, string>, () => number]] : []),
    ];
    const casesOf = (query: Case['query'], bodies: string[]): Case[] =>
      gateways.map(([variant, url, headers, gatewayCpuMs]) => ({ variant, query, url, bodies, headers, gatewayCpuMs }));
    const profileCases: Case[] = [
      ...casesOf('citizen profile', profiles),
      {
        variant: VARIANTS.registered,
        query: 'citizen profile',
        url: governed.url,
        bodies: idNumbers.map((idNumber) => JSON.stringify({ documentId: `sha256:${documentId(EXAMPLE_QUERY)}`, variables: { idNumber } })),
        headers: key,
      },
      {
        variant: VARIANTS.subgraph,
        query: 'citizen profile',
        url: governed.subgraphUrls.population,
        bodies: idNumbers.map((idNumber) => JSON.stringify({ query: POPULATION_PART, variables: { idNumber } })),
        headers: populationContext,
      },
    ];
    const measured = (c: Case) =>
      (!onlyVariants || onlyVariants.some((key) => VARIANTS[key as keyof typeof VARIANTS] === c.variant)) &&
      (!onlyQueries || onlyQueries.includes(c.query === 'citizen profile' ? 'profile' : 'people'));
    const groups = [profileCases, casesOf('people(first: 50)', pages)].map((group) => group.filter(measured)).filter((group) => group.length);
    const cases = groups.flat();
    for (const c of cases) await expectData(c);

    const here = () => Object.values(dbs).reduce((n, db) => n + db.statements.count, 0);
    const probes: LoadProbes = { statements: subgraphProcesses ? async () => here() + (await subgraphProcesses.probe()).statements : here };
    if (subgraphProcesses) probes.subgraphCpuMs = subgraphProcesses.cpuMs;
    if (database.kind === 'postgres') {
      const [backend] = await dbs.population.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
      probes.databaseCpuMs = postgresServerCpu(postmasterOf(backend!.pid));
    }
    const measure = (c: Case) =>
      runLoad(`${c.variant}: ${c.query}`, c.url, c.bodies, { connections, seconds, headers: c.headers, probes: { ...probes, gatewayCpuMs: c.gatewayCpuMs } });
    // Warm-up as long as a measured run: JIT, connection pools, database caches, the heap's first growth.
    for (const c of cases) await measure(c);

    const auditBatches = async () =>
      mergeAuditBatchTotals(await auditBatchTotals(), ...(subgraphProcesses ? [(await subgraphProcesses.probe()).auditBatches] : []));
    const batchesBefore = await auditBatches();
    const results = new Map<Case, LoadResult[]>(cases.map((c) => [c, []]));
    for (let round = 0; round < rounds; round++) {
      for (const group of groups) {
        // Rotated each round, and reversed once every variant has led: each runs early, late and between all
        // others (a pair alternates AB, BA, BA, AB).
        const rotated = [...group.slice(round % group.length), ...group.slice(0, round % group.length)];
        for (const c of Math.floor(round / group.length) % 2 ? rotated.reverse() : rotated) results.get(c)!.push(await measure(c));
      }
    }
    const batchesAfter = await auditBatches();

    const summaries: VariantSummary[] = cases.map((c) => summarize(c, results.get(c)!));
    const find = (variant: string, query: Case['query']) => summaries.find((s) => s.variant === variant && s.query === query);
    const ratio = (a: VariantSummary, b: VariantSummary) => Math.round((a.requestsPerSecond / b.requestsPerSecond) * 1000) / 1000;
    const runsOf = (s: VariantSummary) => results.get(cases.find((c) => c.variant === s.variant && c.query === s.query)!)!;
    // The ratio within each round: how far the two moved together on this shared machine.
    const byRound = (a: VariantSummary, b: VariantSummary, of: (run: LoadResult) => number = (run) => run.requestsPerSecond) =>
      runsOf(a).map((run, i) => Math.round((of(run) / of(runsOf(b)[i]!)) * 100) / 100);
    const ratios: BenchReport['ratios'] = [];
    // Each ratio whose two variants were measured (all of them, unless --variants or --queries chose).
    const pair = (name: string, a: string, b: string, query: Case['query'], target: string | null, withRounds = false) => {
      const [x, y] = [find(a, query), find(b, query)];
      if (x && y) ratios.push({ name: `${name}, ${query}`, value: ratio(x, y), target, ...(withRounds ? { rounds: byRound(x, y) } : {}) });
    };
    for (const query of ['citizen profile', 'people(first: 50)'] as const) {
      pair('governed / textbook', VARIANTS.governed, VARIANTS.textbook, query, '≥ 2.5', true);
      pair('single-process / textbook', VARIANTS.single, VARIANTS.textbook, query, '≥ 5.0', true);
      const [governedRun, textbookRun] = [find(VARIANTS.governed, query), find(VARIANTS.textbook, query)];
      if (governedRun && textbookRun && governedRun.subgraphCpuMsPerRequest !== null) {
        ratios.push({
          name: `governed / textbook, CPU per request (gateway + subgraphs + PostgreSQL), ${query}`,
          value: Math.round((totalCpuMsPerRequest(governedRun) / totalCpuMsPerRequest(textbookRun)) * 1000) / 1000,
          target: '≤ 0.4',
          rounds: byRound(governedRun, textbookRun, totalCpuMsPerRequest),
        });
      }
      const grafbaseRun = find(VARIANTS.grafbase, query);
      if (governedRun && grafbaseRun)
        ratios.push({
          name: `governed / Grafbase, gateway process CPU per request, ${query}`,
          value: Math.round((governedRun.cpuMsPerRequest / grafbaseRun.cpuMsPerRequest) * 1000) / 1000,
          target: '≤ 2.0',
          rounds: byRound(governedRun, grafbaseRun, (run) => run.cpuMsPerRequest),
        });
      // Tail latency under load: the governed gateway's p99 against its own p50 (medians over the rounds).
      if (governedRun)
        ratios.push({
          name: `p99 / p50 latency, governed, ${query}`,
          value: Math.round((governedRun.latencyP99Ms / governedRun.latencyP50Ms) * 100) / 100,
          target: '≤ 2.5',
          rounds: runsOf(governedRun).map((run) => Math.round((run.latencyP99Ms / run.latencyP50Ms) * 100) / 100),
        });
    }
    pair('registered operation by id / the same sent as text', VARIANTS.registered, VARIANTS.governed, 'citizen profile', '≥ 1.0', true);
    const [alone, governedProfile] = [find(VARIANTS.subgraph, 'citizen profile'), find(VARIANTS.governed, 'citizen profile')];
    if (alone && governedProfile)
      ratios.push({
        name: 'population subgraph alone / governed gateway, citizen profile',
        value: ratio(alone, governedProfile),
        target: null,
        rounds: byRound(alone, governedProfile),
      });

    const report: BenchReport = {
      date: new Date().toISOString(),
      machine: {
        cpus: os.cpus().length,
        cpu: os.cpus()[0]?.model ?? 'unknown',
        memoryGiB: Math.round(os.totalmem() / 2 ** 30),
        node: process.version,
        os: `${os.type()} ${os.release()}`,
      },
      database:
        database.kind === 'pglite'
          ? "embedded PGlite (data folder on disk, in the servers' process)"
          : `PostgreSQL ${await serverVersion(dbs)} on this machine (five databases)`,
      setup: `${persons} residents; ${connections} connections; ${rounds} rounds of ${seconds} s per variant after a warm-up run of each; ${
        subgraphProcesses
          ? 'the gateways in one Node.js process, each subgraph in a process of its own (one HTTP port per variant), as in production; the single-process variant (subgraphs in the gateway) in the first'
          : 'every gateway and subgraph in one Node.js process (each subgraph on its own HTTP port, except in single-process mode): an embedded database belongs to one process'
      }${grafbase ? '; Grafbase in a process of its own (its CPU read from /proc)' : ''}; requests take ${DISTINCT_REQUESTS} citizens (profile) or pages (people) in turn; compiled JavaScript (the production build); autocannon in a separate process`,
      summaries,
      ratios,
      statementsByPageSize: await statementsByPageSize(governed.url, key, probes),
      auditRecordsPerCommit: recordsPerCommit(batchesBefore, batchesAfter),
      runs: [...results.values()].flat(),
    };
    const stem = path.join(__dirname, '..', 'results', [database.kind, ...(onlyVariants ?? []), ...(onlyQueries ?? [])].join('-'));
    writeFileSync(`${stem}.json`, `${JSON.stringify(report, null, 2)}\n`);
    const markdown = markdownReport(report);
    writeFileSync(`${stem}.md`, markdown);
    console.log(markdown);
  } finally {
    for (const stack of stacks.reverse()) await stack.stop();
    await closeCityDatabases(dbs);
    await city.drop();
  }
}

/** Registers the queries for the benchmark's scenario and makes it accept nothing else. */
async function registerOnly(dbs: PlatformDatabases, documents: string[]) {
  const { operations, problems } = checkOperations(
    apiSchema(readSupergraphSdl()),
    documents,
    new Set(readCatalog(readSupergraphSdl()).entries.map((e) => e.coordinate)),
  );
  if (problems.length) throw new Error(`benchmark operations: ${JSON.stringify(problems)}`);
  const prisma = new GovernanceClient({ adapter: dbs.governance.adapter });
  await prisma.registeredOperation.createMany({ data: operations.map((o) => ({ scenarioCode: ALL_FIELDS_SCENARIO, ...o })), skipDuplicates: true });
  await prisma.scenario.update({ where: { code: ALL_FIELDS_SCENARIO }, data: { registeredOperationsOnly: true, version: { increment: 1 } } });
}

/** Every body of the case answers data without errors. */
async function expectData(c: Pick<Case, 'variant' | 'query' | 'url' | 'bodies' | 'headers'>) {
  for (const body of c.bodies) {
    const response = await fetch(c.url, { method: 'POST', headers: { 'content-type': 'application/json', ...c.headers }, body });
    const json = (await response.json()) as { errors?: unknown; data?: Record<string, unknown> };
    const answer = json.data && Object.values(json.data)[0];
    if (json.errors || !answer) throw new Error(`${c.variant}, ${c.query}: unexpected response ${JSON.stringify(json).slice(0, 500)}`);
  }
}

/** ID numbers of up to `count` representatives of active legal entities: profiles that reach all four subgraphs. */
async function representatives(dbs: PlatformDatabases, count: number): Promise<string[]> {
  const entities = await dbs['legal-entity'].query<{ representative_id: string }>(
    `SELECT DISTINCT representative_id FROM legal_entity WHERE status = 'ACTIVE' ORDER BY representative_id LIMIT $1`,
    [count],
  );
  const people = await dbs.population.query<{ id_number: string }>('SELECT id_number FROM person WHERE id = ANY($1::uuid[]) ORDER BY id_number', [
    entities.map((e) => e.representative_id),
  ]);
  return people.map((p) => p.id_number);
}

/** `after` cursors of the first `count` full pages of `people` (the first page has none). */
async function pageCursors(dbs: PlatformDatabases, pageSize: number, count: number): Promise<(string | null)[]> {
  const rows = await dbs.population.query<{ id: string }>('SELECT id FROM person ORDER BY id LIMIT $1', [pageSize * count]);
  const cursors: (string | null)[] = [null];
  for (let end = pageSize; end + pageSize <= rows.length && cursors.length < count; end += pageSize) cursors.push(encodeCursor(rows[end - 1]!.id));
  return cursors;
}

/** The Grafbase gateway over the textbook subgraphs, or null (with a note) where its binary cannot be had. */
async function startGrafbase(textbookUrls: Record<SubgraphName, string>) {
  let binary: string | null;
  try {
    binary = grafbaseBinary();
  } catch (error) {
    console.error(`Grafbase variant skipped: its binary could not be fetched (${(error as Error).message})`);
    return null;
  }
  if (!binary) {
    console.error('Grafbase variant skipped: its binary runs on Linux x64 only');
    return null;
  }
  return startGrafbaseGateway(binary, textbookUrls);
}

function summarize(c: Case, runs: LoadResult[]): VariantSummary {
  const sum = (f: (r: LoadResult) => number) => runs.reduce((total, r) => total + f(r), 0);
  const requests = sum((r) => r.requests);
  const perRequest = (f: (r: LoadResult) => number) => Math.round((sum((r) => f(r) * r.requests) / requests) * 100) / 100;
  const median = (f: (r: LoadResult) => number) => [...runs.map(f)].sort((a, b) => a - b)[Math.floor(runs.length / 2)]!;
  return {
    variant: c.variant,
    query: c.query,
    runs: runs.length,
    requestsPerSecond: Math.round((sum((r) => r.requestsPerSecond) / runs.length) * 10) / 10,
    latencyP50Ms: median((r) => r.latencyP50Ms),
    latencyP99Ms: median((r) => r.latencyP99Ms),
    cpuMsPerRequest: perRequest((r) => r.cpuMsPerRequest),
    subgraphCpuMsPerRequest: runs[0]!.subgraphCpuMsPerRequest === null ? null : perRequest((r) => r.subgraphCpuMsPerRequest!),
    databaseCpuMsPerRequest: runs[0]!.databaseCpuMsPerRequest === null ? null : perRequest((r) => r.databaseCpuMsPerRequest!),
    statementsPerRequest: perRequest((r) => r.statementsPerRequest),
    peakRssMiB: Math.max(...runs.map((r) => r.peakRssMiB)),
    failed: sum((r) => r.non2xx + r.errors),
  };
}

/** SQL statements one request costs, by page size: constant when nested fields are batched (DataLoader). */
async function statementsByPageSize(url: string, headers: Record<string, string>, probes: LoadProbes) {
  const rows: { first: number; statements: number }[] = [];
  for (const first of PAGE_SIZES) {
    const request = () =>
      expectData({ variant: 'governed', query: 'people(first: 50)', url, bodies: [JSON.stringify({ query: peopleQuery(first) })], headers });
    // The first may also refresh the gateway's scenario cache (a few statements of its own), and any may
    // share its window with another gateway's periodic grant refresh: the fewest of three after it count.
    await request();
    await settle(probes);
    let fewest = Infinity;
    for (let i = 0; i < 3; i++) {
      const before = await probes.statements();
      await request();
      await settle(probes);
      fewest = Math.min(fewest, (await probes.statements()) - before);
    }
    rows.push({ first, statements: fewest });
  }
  return rows;
}

async function serverVersion(dbs: PlatformDatabases) {
  const [row] = await dbs.population.query<{ server_version: string }>('SHOW server_version');
  return row!.server_version;
}

main().catch(exitWithError);
