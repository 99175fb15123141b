import { readFileSync } from 'node:fs';
import path from 'node:path';
import { freePortBlock, startCivicGraphProcess, type CivicGraphProcess } from '../civicgraphProcess';

/** `civicgraph start` as a newcomer runs it, with only PORT and its own data folder (a small city). */
const startInstance = (port: number) => startCivicGraphProcess(port, { CIVICGRAPH_SEED_PERSONS: '60' });

/** Two instances side by side on one machine, told apart by PORT and the data folder alone. */
describe('two instances on one machine', () => {
  const instances: CivicGraphProcess[] = [];
  afterAll(async () => {
    for (const instance of instances) await instance.stop();
  });

  it('serve side by side, each on its own six ports and its own databases', async () => {
    // One after the other: a first start seeds its city.
    instances.push(await startInstance(await freePortBlock()));
    instances.push(await startInstance(await freePortBlock([instances[0]!.port])));
    const keyOf = ({ dataDir }: CivicGraphProcess) =>
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
