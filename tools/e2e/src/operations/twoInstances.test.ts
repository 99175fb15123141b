import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { CLI, freePortBlock, startCivicGraphProcess, type CivicGraphProcess } from '../civicgraphProcess';

/** `civicgraph start` as a newcomer runs it, with only PORT and its own data folder (a small city). */
const startInstance = (port: number) => startCivicGraphProcess(port, { CIVICGRAPH_SEED_PERSONS: '60' });

/** Two instances side by side on one machine, told apart by PORT and the data folder alone. */
describe('two instances on one machine, and the command line beside them', () => {
  const instances: CivicGraphProcess[] = [];
  afterAll(async () => {
    for (const instance of instances) await instance.stop();
  });

  it('serve side by side, each on its own six ports and its own databases', async () => {
    // One after the other: a first start seeds its city.
    instances.push(await startInstance(await freePortBlock()));
    instances.push(await startInstance(await freePortBlock([instances[0]!.port])));
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
      const answer = await ask(instance.port, instance.demoKey('district-office'));
      expect(answer.status).toBe(200);
      expect(((await answer.json()) as { errors?: unknown }).errors).toBeUndefined();
    }
    // Their own governance databases: one instance's key means nothing to the other.
    expect((await ask(instances[1]!.port, instances[0]!.demoKey('district-office'))).status).toBe(401);
  });

  it('lets every documented command run beside a running instance, on its embedded databases', async () => {
    const instance = instances[1]!;
    const cli = async (...args: string[]) => {
      const env: NodeJS.ProcessEnv = {
        ...process.env,
        PORT: String(instance.port),
        CIVICGRAPH_DATA_DIR: instance.dataDir,
        CIVICGRAPH_ADMIN_KEY: instance.demoKey('admin'),
      };
      for (const name of Object.keys(env)) if (name.endsWith('_DATABASE_URL')) delete env[name];
      try {
        const { stdout, stderr } = await promisify(execFile)(process.execPath, [CLI, ...args], { env });
        return { code: 0, output: stdout + stderr };
      } catch (error) {
        const failed = error as { code: number; stdout: string; stderr: string };
        return { code: failed.code, output: failed.stdout + failed.stderr };
      }
    };
    const operations = path.join(instance.dataDir, 'office.graphql');
    writeFileSync(operations, 'query Office { people(first: 5) { nodes { name } } }');
    const results = {
      migrate: await cli('migrate'),
      seed: await cli('seed', '--persons', '10'),
      grantsCheck: await cli('grants', 'check'),
      grantsUnused: await cli('grants', 'unused', '--scenario', 'district-office'),
      demand: await cli('catalog:export', '--list', 'demand'),
      adminKey: await cli('admin:key', '--name', 'Second administrator'),
      register: await cli('operations', 'register', '--scenario', 'district-office', operations),
      auditVerify: await cli('audit', 'verify'),
    };
    expect(results).toEqual({
      migrate: { code: 0, output: expect.stringMatching(/population: up to date[^]*governance: up to date/) },
      // npm start seeds before it serves: refused as seeding a city that is not empty is, saying why.
      seed: { code: 1, output: expect.stringContaining(`served by process ${instance.child.pid}, which seeded them`) },
      grantsCheck: { code: 0, output: expect.stringContaining('no grants undo a mask') },
      // Nothing has used the district office's grants yet: all of them are proposed for removal (exit 1).
      grantsUnused: { code: 1, output: expect.stringContaining('removeGrants') },
      demand: { code: 0, output: expect.stringMatching(/^\[/) },
      adminKey: { code: 0, output: expect.stringMatching(/Its API key, shown this once[^]*cg_/) },
      register: { code: 0, output: expect.stringContaining('Office') },
      auditVerify: { code: 0, output: expect.stringMatching(/governance\.audit_request: \d+ records, head \d+ [0-9a-f]{64}: intact/) },
    });
  });
});
