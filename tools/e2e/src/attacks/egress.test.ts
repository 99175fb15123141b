import net from 'node:net';
import { startTestCivicGraph, type TestCivicGraph } from '@civicgraph/platform';

const LOOPBACK = new Set(['127.0.0.1', '::1', 'localhost']);

/** Where a `net.Socket#connect` call goes: its host (or path, for a Unix socket), as given. */
function destinationOf(args: unknown[]): string {
  const [first] = args;
  if (Array.isArray(first)) return destinationOf(first);
  if (first && typeof first === 'object') {
    const options = first as { host?: string; path?: string };
    return options.path ?? options.host ?? 'localhost';
  }
  if (typeof first === 'string' && Number.isNaN(Number(first))) return first; // a Unix socket path
  return typeof args[1] === 'string' ? args[1] : 'localhost';
}

/**
 * A government network sends nothing out that its operators did not configure: from its first start to
 * its stop, a city connects only to itself and to its databases — no telemetry, no cloud metadata probes,
 * no update checks, whatever its libraries would do by default.
 */
describe('a running city', () => {
  const destinations = new Set<string>();
  const connect = net.Socket.prototype.connect;
  let city: TestCivicGraph | undefined;

  beforeAll(() => {
    net.Socket.prototype.connect = function (this: net.Socket, ...args: unknown[]) {
      destinations.add(destinationOf(args));
      return (connect as (...a: unknown[]) => net.Socket).apply(this, args);
    } as typeof connect;
  });
  afterAll(async () => {
    await city?.stop();
    net.Socket.prototype.connect = connect;
  });

  it('connects to nothing but itself and its databases, from start to stop', async () => {
    city = await startTestCivicGraph();
    const [person] = await city.dbs.population.query<{ id_number: string }>('SELECT id_number FROM person LIMIT 1');
    const answer = await city.query(`query($n: String!) { personByIdNumber(idNumber: $n) { name licenses { name } representedEntities { name } } }`, {
      n: person!.id_number,
    });
    expect(answer.body.errors).toBeUndefined();
    await city.stop();
    city = undefined;
    // Long enough for a library's background probe or report (they start at construction or at shutdown).
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    // On the PostgreSQL pass, the server the suite was given.
    const postgres = process.env.CIVICGRAPH_TEST_POSTGRES_URL;
    const databaseHosts = new Set(postgres ? [new URL(postgres).hostname] : []);
    const outside = [...destinations].filter((host) => !LOOPBACK.has(host) && !databaseHosts.has(host));
    expect(outside).toEqual([]);
    // The spy saw the city's own connections, so an empty list means something.
    expect(destinations.size).toBeGreaterThan(0);
  });
});
