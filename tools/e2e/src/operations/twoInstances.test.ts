import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';

const CLI = path.join(path.dirname(require.resolve('@civicgraph/cli/package.json')), 'bin', 'civicgraph.js');

/** Whether a port is free on 127.0.0.1 now. */
const isFree = (port: number) =>
  new Promise<boolean>((resolve) => {
    const probe = createServer();
    probe.once('error', () => resolve(false));
    probe.listen(port, '127.0.0.1', () => probe.close(() => resolve(true)));
  });

/** A gateway port with the five after it free too, as `PORT=<port> npm start` needs. */
async function freePortBlock(avoid: number[] = []): Promise<number> {
  for (;;) {
    const base = 20_000 + Math.floor(Math.random() * 30_000);
    const block = Array.from({ length: 6 }, (_, i) => base + i);
    if (block.some((p) => avoid.includes(p))) continue;
    if ((await Promise.all(block.map(isFree))).every(Boolean)) return base;
  }
}

interface Instance {
  child: ChildProcess;
  port: number;
  dataDir: string;
}

/** `civicgraph start` as a newcomer runs it, with only PORT and its own data folder (a small city). */
function startInstance(port: number): Promise<Instance> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'civicgraph-instance-'));
  const child = spawn(process.execPath, [CLI, 'start'], {
    env: { ...process.env, PORT: String(port), CIVICGRAPH_DATA_DIR: dataDir, CIVICGRAPH_SEED_PERSONS: '60', LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`civicgraph start on port ${port} exited (${code}) before serving:\n${output}`)));
    const read = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('CivicGraph is running.')) resolve({ child, port, dataDir });
    };
    child.stdout!.on('data', read);
    child.stderr!.on('data', read);
  });
}

async function stopInstance({ child, dataDir }: Instance) {
  if (child.exitCode === null) {
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    await exited;
  }
  rmSync(dataDir, { recursive: true, force: true });
}

/** Two instances side by side on one machine, told apart by PORT and the data folder alone. */
describe('two instances on one machine', () => {
  const instances: Instance[] = [];
  afterAll(async () => {
    for (const instance of instances) await stopInstance(instance);
  });

  it('serve side by side, each on its own six ports and its own databases', async () => {
    // One after the other: a first start seeds its city.
    instances.push(await startInstance(await freePortBlock()));
    instances.push(await startInstance(await freePortBlock([instances[0]!.port])));
    const keyOf = ({ dataDir }: Instance) =>
      (JSON.parse(readFileSync(path.join(dataDir, 'demo-credentials.json'), 'utf8')) as { scenarios: { code: string; apiKey: string }[] }).scenarios.find(
        (s) => s.code === 'district-office',
      )!.apiKey;
    const ask = (port: number, key: string) =>
      fetch(`http://127.0.0.1:${port}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${key}`, 'x-use-reason': 'test' },
        body: JSON.stringify({ query: '{ people(first: 1) { nodes { name } } }' }),
      });
    for (const instance of instances) {
      expect((await fetch(`http://127.0.0.1:${instance.port}/ready`)).status).toBe(200);
      const services = await Promise.all(
        [1, 2, 3, 4, 5].map(
          async (offset) => ((await (await fetch(`http://127.0.0.1:${instance.port + offset}/health`)).json()) as { service: string }).service,
        ),
      );
      expect(services).toEqual(['population', 'legal-entity', 'spatial', 'e-license', 'governance']);
      const answer = await ask(instance.port, keyOf(instance));
      expect(answer.status).toBe(200);
      expect(((await answer.json()) as { errors?: unknown }).errors).toBeUndefined();
    }
    // Their own governance databases: one instance's key means nothing to the other.
    expect((await ask(instances[1]!.port, keyOf(instances[0]!))).status).toBe(401);
  });
});
