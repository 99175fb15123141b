import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { closeCityDatabases, createPostgresDatabases } from '@civicgraph/platform';
import { SUBGRAPH_NAMES } from '@civicgraph/schema';
import { freePortBlock, startCivicGraphProcess } from '../civicgraphProcess';

const ROOT = path.resolve(__dirname, '../../../..');
/** Compiled JavaScript on plain node: the `production` export condition picks each package's dist/. */
const NODE = [process.execPath, '--conditions=production'];
const BUILT_CLI = path.join(ROOT, 'tools/cli/dist/main.js');
const POSTGRES = process.env.CIVICGRAPH_TEST_DATABASE === 'postgres';

/** The built CLI, as the runbook runs it; its exit code and everything it printed. */
async function cli(env: NodeJS.ProcessEnv, ...args: string[]): Promise<{ code: number; output: string }> {
  try {
    const { stdout, stderr } = await promisify(execFile)(NODE[0]!, [...NODE.slice(1), BUILT_CLI, ...args], { env: { ...cleanEnv(), ...env }, cwd: ROOT });
    return { code: 0, output: stdout + stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, output: failed.stdout + failed.stderr };
  }
}

/** The environment without this suite's database settings, so each process gets exactly what the runbook gives it. */
function cleanEnv(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  for (const name of Object.keys(env)) if (name.endsWith('_DATABASE_URL') || name.startsWith('CIVICGRAPH_') || name === 'NODE_OPTIONS') delete env[name];
  return env;
}

/** The chains' lines of `audit verify` (records, head hash, intact or not), for comparing two copies of the same databases. */
/** How many heads an `audit verify` output anchors: one per chain that has records. */
const anchored = (output: string) => heads(output).filter((line) => / head \d+ [0-9a-f]{64}: /.test(line)).length;
const heads = (output: string) => output.split('\n').filter((line) => /^[\w-]+\.audit_\w+: \d+ records, /.test(line));

describe('the production build', () => {
  const children: ChildProcess[] = [];
  const cleanups: (() => Promise<void> | void)[] = [];

  beforeAll(async () => {
    // What the runbook's first step runs: every workspace's TypeScript compiled to dist/.
    await promisify(execFile)('npm', ['run', '-s', 'build'], { cwd: ROOT, env: cleanEnv() });
  }, 300_000);

  afterAll(async () => {
    for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    await Promise.all(children.map((child) => (child.exitCode === null && child.signalCode === null ? new Promise((r) => child.once('exit', r)) : null)));
    for (const cleanup of cleanups.reverse()) await cleanup();
  });

  /** A service from its dist/main.js on plain node; resolves when its /ready says 200. */
  async function serve(main: string, env: NodeJS.ProcessEnv, readyUrl: string, stdout?: string[]): Promise<ChildProcess> {
    const child = spawn(NODE[0]!, [...NODE.slice(1), path.join(ROOT, main)], {
      env: { ...cleanEnv(), LOG_LEVEL: 'warn', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    children.push(child);
    child.stdout!.on('data', (chunk: Buffer) => stdout?.push(chunk.toString()));
    let stderr = '';
    child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    for (let attempt = 0; attempt < 600; attempt++) {
      if (child.exitCode !== null) throw new Error(`${main} exited (${child.exitCode}):\n${stderr}`);
      const ready = await fetch(readyUrl).then(
        (r) => r.status,
        () => 0,
      );
      if (ready === 200) return child;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error(`${main} was not ready within 60 s:\n${stderr}`);
  }

  const ask = async (port: number, key: string, query: string) => {
    const response = await fetch(`http://127.0.0.1:${port}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${key}`, 'x-use-reason': 'production build test' },
      body: JSON.stringify({ query }),
    });
    return (await response.json()) as { data?: Record<string, unknown>; errors?: unknown[] };
  };

  // One shape per pass: the embedded city on PGlite, one process per service in the PostgreSQL pass.
  if (!POSTGRES)
    it('runs the embedded city from JavaScript on plain node; a copy of its stopped data folder verifies', async () => {
      const port = await freePortBlock();
      const city = await startCivicGraphProcess(port, { CIVICGRAPH_SEED_PERSONS: '50' }, { command: [...NODE, BUILT_CLI, 'start'] });
      cleanups.push(() => city.stop());
      const office = city.demoKey('district-office');
      expect(await ask(port, office, '{ people(first: 2) { nodes { name idNumber } } }')).toEqual({
        data: { people: { nodes: [expect.objectContaining({ idNumber: expect.stringContaining('********') }), expect.anything()] } },
      });
      // An operator anchors the heads (here, a file), and later checks the chains still hold them, beside the server.
      const original = await cli({ CIVICGRAPH_DATA_DIR: city.dataDir, PORT: String(port) }, 'audit', 'verify');
      const anchors = path.join(city.dataDir, '..', `${path.basename(city.dataDir)}-anchors.txt`);
      writeFileSync(anchors, original.output);
      expect(anchored(original.output)).toBeGreaterThan(0);
      cleanups.push(() => rmSync(anchors, { force: true }));
      await ask(port, office, '{ people(first: 1) { nodes { name } } }');
      expect(await cli({ CIVICGRAPH_DATA_DIR: city.dataDir, PORT: String(port) }, 'audit', 'verify', '--anchors', anchors)).toEqual({
        code: 0,
        output: expect.stringContaining(`every chain holds the ${anchored(original.output)} heads anchored in ${anchors}`),
      });
      const anchoredAgain = (await cli({ CIVICGRAPH_DATA_DIR: city.dataDir, PORT: String(port) }, 'audit', 'verify')).output;
      // The runbook's embedded backup: stop the city, copy its data folder; a restore is the copy put back.
      city.child.kill('SIGTERM');
      await new Promise((resolve) => city.child.once('exit', resolve));
      const restored = mkdtempSync(path.join(os.tmpdir(), 'civicgraph-restored-'));
      cleanups.push(() => rmSync(restored, { recursive: true, force: true }));
      cpSync(city.dataDir, restored, { recursive: true });
      const verified = await cli({ CIVICGRAPH_DATA_DIR: restored }, 'audit', 'verify', '--anchors', anchors);
      expect(verified.code).toBe(0);
      expect(heads(verified.output)).toHaveLength(6);
      expect(heads(verified.output).every((line) => line.endsWith(': intact'))).toBe(true);
      // The restored chains hold the heads anchored before, and end at the last ones seen before the backup.
      expect(verified.output).toContain(`every chain holds the ${anchored(original.output)} heads anchored`);
      expect(heads(verified.output)).toEqual(heads(anchoredAgain));
    });

  if (POSTGRES)
    it('runs one process per service from JavaScript, through a context-key rotation; a pg_dump restored elsewhere verifies', async () => {
      const { dbs, urls, drop } = await createPostgresDatabases(process.env.CIVICGRAPH_TEST_POSTGRES_URL!);
      await closeCityDatabases(dbs);
      cleanups.push(drop);
      const urlEnv = Object.fromEntries(Object.entries(urls).map(([name, url]) => [`${name.toUpperCase().replace(/-/g, '_')}_DATABASE_URL`, url]));
      const work = mkdtempSync(path.join(os.tmpdir(), 'civicgraph-production-'));
      cleanups.push(() => rmSync(work, { recursive: true, force: true }));
      const step = async (...args: string[]) => {
        const result = await cli({ ...urlEnv, CIVICGRAPH_DATA_DIR: work }, ...args);
        if (result.code !== 0) throw new Error(`civicgraph ${args.join(' ')}: exit ${result.code}\n${result.output}`);
        return result.output;
      };
      // Deploy: migrations, a city, the old and the new context key; the subgraphs trust both (new first).
      await step('migrate');
      await step('seed', '--persons', '50');
      await step('context-key', '--out', path.join(work, 'old'));
      await step('context-key', '--out', path.join(work, 'new'));
      const trusted = path.join(work, 'context-public-keys.pem');
      writeFileSync(trusted, ['new', 'old'].map((k) => readFileSync(path.join(work, k, 'context-signing-key.pub.pem'), 'utf8')).join(''));
      // Each subgraph its own binding keys, new and old, one per line.
      const bindingKeyFile = (name: string) => {
        const file = path.join(work, `context-binding.${name}.keys`);
        writeFileSync(file, ['new', 'old'].map((k) => readFileSync(path.join(work, k, `context-binding.${name}.key`), 'utf8')).join(''));
        return file;
      };
      const adminKey = /\n\s+(cg_\S+)\n/.exec(await step('admin:key', '--name', 'Operations'))![1]!;

      const base = await freePortBlock();
      const subgraphUrls: Record<string, string> = {};
      const populationOutput: string[] = [];
      await Promise.all(
        SUBGRAPH_NAMES.map((name, i) => {
          const port = base + 1 + i;
          subgraphUrls[`${name.toUpperCase().replace(/-/g, '_')}_SUBGRAPH_URL`] = `http://127.0.0.1:${port}/graphql`;
          // The population subgraph traces (spans as JSON lines on stdout): the pg driver's instrumentation too.
          const tracing = name === 'population' ? { OTEL_TRACES_EXPORTER: 'console' } : {};
          return serve(
            `subgraphs/${name}/dist/main.js`,
            { PORT: String(port), DATABASE_URL: urls[name], CONTEXT_PUBLIC_KEY_FILE: trusted, CONTEXT_BINDING_KEY_FILE: bindingKeyFile(name), ...tracing },
            `http://127.0.0.1:${port}/ready`,
            name === 'population' ? populationOutput : undefined,
          );
        }),
      );
      const gateway = (port: number, key: string) =>
        serve(
          'gateway/dist/main.js',
          {
            PORT: String(port),
            GOVERNANCE_DATABASE_URL: urls.governance,
            CONTEXT_SIGNING_KEY_FILE: path.join(work, key, 'context-signing-key.pem'),
            ...subgraphUrls,
          },
          `http://127.0.0.1:${port}/ready`,
        );
      await gateway(base, 'old');

      // An application and its scenario, made through the admin API, reading the population subgraph.
      const admin = async (query: string) => {
        const answer = await ask(base, adminKey, query);
        expect(answer.errors).toBeUndefined();
        return answer.data!;
      };
      const { createApplication } = (await admin(`mutation { createApplication(input: { name: "Office", departmentCode: "SH-CAB" }) { id } }`)) as {
        createApplication: { id: string };
      };
      await admin(`mutation { createScenario(input: { code: "office", name: "Office", purpose: "tests", legalBasis: "tests", departmentCode: "SH-CAB",
        grants: [{ coordinate: "Query.people" }, { coordinate: "PersonConnection.nodes" }, { coordinate: "Person.name" }] }) { code } }`);
      await admin(`mutation { bindApplication(scenarioCode: "office", applicationId: "${createApplication.id}") { code } }`);
      const { issueApiKey } = (await admin(`mutation { issueApiKey(applicationId: "${createApplication.id}") { secret } }`)) as {
        issueApiKey: { secret: string };
      };
      const people = { data: { people: { nodes: [{ name: expect.any(String) }, { name: expect.any(String) }] } } };
      // Signed with the old key, then — a second gateway, as a rolling restart brings one up — with the new.
      expect(await ask(base, issueApiKey.secret, '{ people(first: 2) { nodes { name } } }')).toEqual(people);
      // The statements the population subgraph ran for it, from OpenTelemetry's pg instrumentation, in its trace.
      const spans = populationOutput
        .join('')
        .split('\n')
        .filter((line) => line.startsWith('{"msg":"span"'))
        .map((line) => JSON.parse(line) as { name: string; traceId: string; attributes: Record<string, unknown> });
      const statements = spans.filter((span) => span.attributes['db.system.name'] === 'postgresql' && span.attributes['db.query.text']);
      expect(statements.map((span) => span.attributes['db.query.text'])).toEqual(
        expect.arrayContaining([expect.stringMatching(/^SELECT .* FROM "public"\."person"/)]),
      );
      expect(spans.find((span) => span.name === 'graphql population')?.traceId).toBe(statements[0]!.traceId);
      const next = await freePortBlock([base]);
      await gateway(next, 'new');
      expect(await ask(next, issueApiKey.secret, '{ people(first: 2) { nodes { name } } }')).toEqual(people);

      // Backup with pg_dump, restore into new databases with pg_restore: the chains verify, with the same heads.
      const original = await step('audit', 'verify');
      const restored = await createPostgresDatabases(process.env.CIVICGRAPH_TEST_POSTGRES_URL!);
      await closeCityDatabases(restored.dbs);
      cleanups.push(restored.drop);
      for (const name of Object.keys(urls) as (keyof typeof urls)[]) {
        const dump = path.join(work, `${name}.dump`);
        await promisify(execFile)('pg_dump', ['--format=custom', `--file=${dump}`, urls[name]]);
        await promisify(execFile)('pg_restore', ['--no-owner', `--dbname=${restored.urls[name]}`, dump]);
      }
      const restoredEnv = Object.fromEntries(
        Object.entries(restored.urls).map(([name, url]) => [`${name.toUpperCase().replace(/-/g, '_')}_DATABASE_URL`, url]),
      );
      const anchors = path.join(work, 'anchors.txt');
      writeFileSync(anchors, original);
      expect(anchored(original)).toBeGreaterThan(0);
      const verified = await cli({ ...restoredEnv, CIVICGRAPH_DATA_DIR: work }, 'audit', 'verify', '--anchors', anchors);
      expect(verified.code).toBe(0);
      expect(verified.output).toContain(`every chain holds the ${anchored(original)} heads anchored`);
      expect(heads(verified.output)).toHaveLength(6);
      expect(heads(verified.output)).toEqual(heads(original));
    });
});
