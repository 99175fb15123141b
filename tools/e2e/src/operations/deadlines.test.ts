import { createServer, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { startTestCivicGraph, type TestCivicGraph } from '@civicgraph/platform';

/** An owner that accepts connections and never answers: the request's deadline cuts it off. */
describe('deadlines', () => {
  let city: TestCivicGraph;
  let hung: Server;
  const sockets: Socket[] = [];
  let gatewayUrl: string;
  let idNumber: string;

  beforeAll(async () => {
    city = await startTestCivicGraph();
    hung = createServer((socket) => void sockets.push(socket));
    await new Promise<void>((resolve) => hung.listen(0, '127.0.0.1', resolve));
    gatewayUrl = (
      await city.anotherGateway({
        subgraphUrls: { ...city.subgraphUrls, 'e-license': `http://127.0.0.1:${(hung.address() as AddressInfo).port}/graphql` },
        requestTimeoutMs: 800,
      })
    ).url;
    const holders = (await city.dbs['e-license'].query<{ holder_id: string }>(`SELECT holder_id FROM license WHERE holder_kind = 'PERSON' LIMIT 20`)).map(
      (r) => r.holder_id,
    );
    [{ id_number: idNumber }] = (await city.dbs.population.query<{ id_number: string }>(`SELECT id_number FROM person WHERE id = ANY($1::uuid[]) LIMIT 1`, [
      holders,
    ])) as [{ id_number: string }];
  });
  afterAll(async () => {
    for (const socket of sockets) socket.destroy();
    await new Promise((resolve) => hung?.close(resolve));
    await city?.stop();
  });

  it("answers the other owners' fields and TIMEOUT at the hung owner's, within the deadline, never as an authentication error", async () => {
    const started = Date.now();
    const response = await city.post(
      gatewayUrl,
      JSON.stringify({ query: `query($n: String!) { personByIdNumber(idNumber: $n) { name licenses { name } } }`, variables: { n: idNumber } }),
      { authorization: `Bearer ${city.apiKey}` },
    );
    expect(Date.now() - started).toBeLessThan(5_000);
    // Partial by design: the person's own fields arrive, the hung owner's field is null, its error located there.
    expect(response.body.data).toEqual({ personByIdNumber: { name: expect.any(String), licenses: null } });
    expect(response.body.errors).toEqual([
      expect.objectContaining({
        message: "e-license did not answer within the request's deadline of 800 ms",
        path: ['personByIdNumber', 'licenses'],
        extensions: expect.objectContaining({ code: 'TIMEOUT', owner: 'e-license' }),
      }),
    ]);
    expect(response.body.errors?.some((e) => e.extensions?.code === 'UNAUTHENTICATED')).toBe(false);
    // The owners that did answer are unaffected: the same person without licenses comes back whole.
    const alone = await city.post(
      gatewayUrl,
      JSON.stringify({ query: `query($n: String!) { personByIdNumber(idNumber: $n) { name } }`, variables: { n: idNumber } }),
      { authorization: `Bearer ${city.apiKey}` },
    );
    expect(alone.body).toEqual({ data: { personByIdNumber: { name: expect.any(String) } } });
  });
});
