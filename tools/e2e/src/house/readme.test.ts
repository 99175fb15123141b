import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { closeCityDatabases, createPostgresDatabases, loadOrCreateIdentityProviderKey } from '@civicgraph/platform';
import { DEV_IDENTITY_PROVIDER, mintSubjectToken } from '@civicgraph/policy';
import { freePortBlock, startCivicGraphProcess, type CivicGraphProcess } from '../civicgraphProcess';
import { emptyPaths, exampleOperations, readmeBlocks, valueAt, type ReadmeBlock } from './readmeExamples';

const ROOT = path.resolve(__dirname, '../../../..');
const README = readFileSync(path.join(ROOT, 'README.md'), 'utf8');
const BLOCKS = readmeBlocks(README);
const RUN_AS = ['graphql', 'sh'];

const label = (block: ReadmeBlock) =>
  `line ${block.line}: ${block.language} ${Object.entries(block.attributes)
    .map(([k, v]) => (v ? `${k}=${v}` : k))
    .join(' ')}`;

/**
 * The README's examples, run as written against the city a newcomer gets: `civicgraph start` with the
 * default size, in a child process (on PostgreSQL in the PostgreSQL pass). GraphQL blocks run under the
 * demo scenario they name, shell blocks in bash from a scratch folder with the gateway's port put for 4000.
 * Every answer must be free of errors and show something, so an identifier that is not in the seeded city,
 * a grant no demo scenario holds or a variable the README never defines fails here.
 */
describe('the README', () => {
  let city: CivicGraphProcess;
  let scratch: string;
  let dropDatabases: (() => Promise<void>) | undefined;
  const databaseEnv: Record<string, string> = {};
  const answers: Record<string, unknown>[] = [];

  beforeAll(async () => {
    if (process.env.CIVICGRAPH_TEST_DATABASE === 'postgres') {
      const { dbs, urls, drop } = await createPostgresDatabases(process.env.CIVICGRAPH_TEST_POSTGRES_URL!);
      await closeCityDatabases(dbs);
      dropDatabases = drop;
      for (const [name, url] of Object.entries(urls)) databaseEnv[`${name.toUpperCase().replace(/-/g, '_')}_DATABASE_URL`] = url;
    }
    // The default city, whatever size this environment asks for elsewhere: the README's identifiers are in it.
    city = await startCivicGraphProcess(await freePortBlock(), { ...databaseEnv, CIVICGRAPH_SEED_PERSONS: undefined });
    scratch = mkdtempSync(path.join(os.tmpdir(), 'civicgraph-readme-'));
    // `npx civicgraph`, `npx graphql-codegen` from the scratch folder find the project's packages.
    symlinkSync(path.join(ROOT, 'node_modules'), path.join(scratch, 'node_modules'));
  }, 300_000);

  afterAll(async () => {
    await city?.stop();
    await dropDatabases?.();
    if (scratch) rmSync(scratch, { recursive: true, force: true });
  });

  const local = (text: string) => text.replace(/(localhost|127\.0\.0\.1):4000\b/g, `127.0.0.1:${city.port}`);

  it('says how every GraphQL and shell block is run, or why it is not', () => {
    const unsaid = BLOCKS.filter((b) => RUN_AS.includes(b.language))
      .filter((b) => !(b.attributes.norun || (b.language === 'graphql' ? b.attributes.as : 'run' in b.attributes)))
      .map(label);
    expect(unsaid).toEqual([]);
    expect(BLOCKS.filter((b) => b.language === 'graphql' && b.attributes.as).length).toBeGreaterThan(10);
  });

  it.each(BLOCKS.filter((b) => !b.attributes.norun && (b.attributes.as || 'run' in b.attributes || b.attributes.file)).map((b) => [label(b), b] as const))(
    '%s',
    async (_label, block) => {
      if (block.attributes.file) return writeFileSync(path.join(scratch, block.attributes.file), local(block.text));
      if (block.language === 'sh') return runShell(block);
      for (const operation of exampleOperations(block.text)) {
        const given = block.attributes.variables ? (JSON.parse(block.attributes.variables) as Record<string, unknown>) : {};
        const variables = Object.fromEntries(
          Object.entries(operation.variables).map(([name, v]) => {
            if ('value' in v) return [name, v.value];
            const found = answers.map((a) => valueAt(a, v.path)).findLast((x) => x !== undefined);
            if (found === undefined) throw new Error(`${operation.name}: $${name} = ${v.path}, which no earlier example answered`);
            return [name, found];
          }),
        );
        Object.assign(variables, given);
        const headers: Record<string, string> = {
          'content-type': 'application/json',
          authorization: `Bearer ${city.demoKey(block.attributes.as!)}`,
          'x-use-reason': 'README example',
        };
        if (block.attributes.subject) {
          const { privateKey } = loadOrCreateIdentityProviderKey(city.dataDir);
          headers['x-subject-token'] = await mintSubjectToken(block.attributes.subject, privateKey, { issuer: DEV_IDENTITY_PROVIDER, ttlSeconds: 300 });
        }
        const response = await fetch(`http://127.0.0.1:${city.port}/graphql`, {
          method: 'POST',
          headers,
          // A registered operation goes by its id, the SHA-256 of the block's text exactly as the README shows it.
          body: JSON.stringify(
            'persisted' in block.attributes
              ? { documentId: `sha256:${createHash('sha256').update(block.text).digest('hex')}`, variables }
              : { query: operation.document, variables },
          ),
        });
        const answer = (await response.json()) as { data?: Record<string, unknown>; errors?: unknown[] };
        expect({ operation: operation.name, errors: answer.errors }).toEqual({ operation: operation.name, errors: undefined });
        expect({ operation: operation.name, empty: emptyPaths(answer.data!, block.attributes['may-be-empty']?.split(',')) }).toEqual({
          operation: operation.name,
          empty: [],
        });
        answers.push(answer.data!);
      }
      if (block.attributes.expect) expect(answers.at(-1)).toMatchObject(JSON.parse(block.attributes.expect) as object);
    },
  );

  async function runShell(block: ReadmeBlock) {
    const env = {
      PATH: process.env.PATH!,
      HOME: process.env.HOME ?? scratch,
      CIVICGRAPH_DATA_DIR: city.dataDir,
      PORT: String(city.port),
      ...databaseEnv,
    };
    const script = local(block.text);
    const { stdout, stderr } = await promisify(execFile)('bash', ['-euo', 'pipefail', '-c', script], { cwd: scratch, env, timeout: 150_000 }).catch(
      (error: { code?: number; stdout?: string; stderr?: string }) => {
        throw new Error(`exit ${error.code}\n--- script\n${script}\n--- stdout\n${error.stdout}\n--- stderr\n${error.stderr}`, { cause: error });
      },
    );
    // curl -s exits 0 on any answer: an example whose answer carries errors has drifted.
    expect({ script, errors: /"errors"\s*:/.test(stdout) ? stdout : undefined }).toEqual({ script, errors: undefined });
    expect({ script, stdout: stdout.trim().length > 0 || stderr.length > 0 }).toEqual({ script, stdout: true });
    // A GraphQL answer it prints must show something, as the GraphQL blocks' must.
    for (const line of stdout.split('\n').filter((l) => l.startsWith('{"data"'))) {
      expect({ script, empty: emptyPaths((JSON.parse(line) as { data: Record<string, unknown> }).data) }).toEqual({ script, empty: [] });
    }
  }
});
