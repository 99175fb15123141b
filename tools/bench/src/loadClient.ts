/**
 * The load generator's own process (see runLoad): autocannon driving one POST endpoint, every request taking
 * the next of a list of bodies in turn across all connections, so requests in flight at once differ (a
 * gateway that merges identical in-flight fetches, as Grafbase does, gains nothing from repetition).
 * Reads `{ url, connections, seconds, headers, bodies }` as JSON on stdin; writes autocannon's result, with
 * the first few distinct failed answers (status and the start of the body) as `failures`.
 */
import autocannon from 'autocannon';

interface LoadSpec {
  url: string;
  connections: number;
  seconds: number;
  headers: Record<string, string>;
  bodies: string[];
}

async function readStdin(): Promise<string> {
  let text = '';
  for await (const chunk of process.stdin) text += chunk;
  return text;
}

async function main() {
  const spec = JSON.parse(await readStdin()) as LoadSpec;
  let next = 0;
  const failures = new Set<string>();
  const result = await autocannon({
    url: spec.url,
    connections: spec.connections,
    duration: spec.seconds,
    method: 'POST',
    headers: spec.headers,
    requests: [
      {
        setupRequest: (request) => ({ ...request, body: spec.bodies[next++ % spec.bodies.length] }),
        onResponse: (status, body) => {
          if (status >= 300 && failures.size < 3) failures.add(`${status} ${body.slice(0, 300)}`);
        },
      },
    ],
  });
  process.stdout.write(JSON.stringify({ ...result, failures: [...failures] }));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
