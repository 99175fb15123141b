import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createPlatformClient, PlatformReadError } from '..';

/** A gateway that answers each request with the next of `answers` (then the last one again). */
async function fakeGateway(
  answers: { status: number; body: unknown }[],
): Promise<{ url: string; requests: { authorization?: string; body: string }[]; close(): Promise<void> }> {
  const requests: { authorization?: string; body: string }[] = [];
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => (body += chunk));
    req.on('end', () => {
      requests.push({ authorization: req.headers.authorization, body });
      const answer = answers[Math.min(requests.length - 1, answers.length - 1)]!;
      res.writeHead(answer.status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(answer.body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`,
    requests,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

const shed = { status: 503, body: { errors: [{ message: 'Too many requests at once', extensions: { code: 'OVERLOADED' } }] } };
const ok = { status: 200, body: { data: { divisions: [{ code: '310101' }] } } };

describe('createPlatformClient', () => {
  test('sends the supervisor key and returns the data', async () => {
    const gateway = await fakeGateway([ok]);
    try {
      const data = await createPlatformClient(gateway.url, 'cg_key')('{ divisions { code } }', {});
      expect(data).toEqual(ok.body.data);
      expect(gateway.requests[0]).toEqual({ authorization: 'Bearer cg_key', body: JSON.stringify({ query: '{ divisions { code } }', variables: {} }) });
    } finally {
      await gateway.close();
    }
  });

  test('asks again after a passing error (load shed), then gives up saying how often it tried', async () => {
    const recovering = await fakeGateway([shed, shed, ok]);
    const shedding = await fakeGateway([shed]);
    try {
      expect(await createPlatformClient(recovering.url, 'k', { backoffMs: 1 })('{ x }', {})).toEqual(ok.body.data);
      expect(recovering.requests).toHaveLength(3);
      await expect(createPlatformClient(shedding.url, 'k', { backoffMs: 1, attempts: 2 })('{ x }', {})).rejects.toThrow(/OVERLOADED.*\(after 2 attempts\)/);
      expect(shedding.requests).toHaveLength(2);
    } finally {
      await recovering.close();
      await shedding.close();
    }
  });

  test('stops at once on a refusal, and on an answer with any error, never returning partial data', async () => {
    const refused = await fakeGateway([
      { status: 200, body: { errors: [{ message: 'Scenario "quality-supervision" is suspended', extensions: { code: 'FORBIDDEN' } }] } },
    ]);
    const partial = await fakeGateway([
      { status: 200, body: { data: { people: null }, errors: [{ message: 'x', extensions: { code: 'INTERNAL_SERVER_ERROR' } }] } },
    ]);
    try {
      const read = createPlatformClient(refused.url, 'k', { backoffMs: 1 })('{ x }', {});
      await expect(read).rejects.toBeInstanceOf(PlatformReadError);
      await expect(read).rejects.toThrow('The platform answered the quality supervisor with FORBIDDEN: Scenario "quality-supervision" is suspended');
      expect(refused.requests).toHaveLength(1);
      await expect(createPlatformClient(partial.url, 'k', { backoffMs: 1 })('{ x }', {})).rejects.toThrow(/INTERNAL_SERVER_ERROR/);
    } finally {
      await refused.close();
      await partial.close();
    }
  });
});
