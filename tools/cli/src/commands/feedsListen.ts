import { createServer } from 'node:http';
import { verifyAsymmetricSignature, type SignedHeaders } from '@civicgraph/change-feeds';
import { Webhook } from 'standardwebhooks';
import type { Env } from '../cliEnvironment';
import { runningServiceOrigins } from '../runningServices';

/**
 * `civicgraph feeds listen --port P [--secret whsec_…]`: a local webhook endpoint for developers. Each delivery's
 * signatures are checked — the Ed25519 ones against the platform's published keys (`GET /feeds/keys`), the HMAC
 * with the subscription's secret by the Standard Webhooks reference library — and the event is printed, one JSON
 * line each (until `--count` events, when given); a delivery that fails either check is refused with 401 (and retried by the platform).
 */
export async function feedsListenCommand(env: Env, port: number, secret: string | undefined, count?: number): Promise<void> {
  const { gateway } = runningServiceOrigins(env);
  const keysAnswer = (await (await fetch(`${gateway}/feeds/keys`)).json()) as { keys: { publicKey: string }[] };
  const publicKeys = keysAnswer.keys.map((k) => k.publicKey);
  let printed = 0;
  let done: () => void = () => {};
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      const headers = req.headers as unknown as SignedHeaders;
      try {
        if (!publicKeys.some((key) => verifyAsymmetricSignature(headers, body, key))) throw new Error('no v1a signature by the platform’s keys');
        if (secret) new Webhook(secret).verify(body, req.headers as Record<string, string>);
      } catch (error) {
        console.error(`refused ${headers['webhook-id']}: ${(error as Error).message}`);
        res.writeHead(401).end();
        return;
      }
      console.log(body);
      res.writeHead(204).end();
      if (count !== undefined && ++printed >= count) done();
    });
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  console.error(`listening on http://127.0.0.1:${port}/ for change events (${secret ? 'both signatures' : 'Ed25519 signatures'} checked)`);
  await new Promise<void>((resolve) => {
    done = resolve;
    process.once('SIGINT', resolve).once('SIGTERM', resolve);
  });
  server.close();
}
