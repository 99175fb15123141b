import { createServer, request, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApolloServer } from '@apollo/server';
import { AUDIT_PENDING_MEDIA_TYPE, createGraphQLHandler, isAuditPending, readAuditPending, startHttpServer, type RawGraphQLResponse, type RunningServer } from '../index';

/** An HTTP exchange whose body is read by the test, as the gateway reads a subgraph's: as a byte stream. */
function send(url: string, body?: string): Promise<IncomingMessage> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: body === undefined ? 'GET' : 'POST', headers: { 'content-type': 'application/json' } }, resolve);
    req.on('error', reject);
    req.end(body);
  });
}

async function readAll(body: IncomingMessage): Promise<string> {
  let text = '';
  for await (const chunk of body) text += chunk;
  return text;
}

/** A promise settled from outside: the commit the test decides the outcome of. */
function deferred<T>() {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

const QUERY = JSON.stringify({ query: '{ greeting }' });

describe('a response released before its audit records are committed', () => {
  let server: RunningServer;
  let apollo: ApolloServer;
  // What the next request's step before delivery attaches: a pending commit, or nothing.
  let pending: Promise<boolean> | undefined;

  beforeAll(async () => {
    apollo = new ApolloServer({ typeDefs: 'type Query { greeting: String }', resolvers: { Query: { greeting: () => 'hello\nworld' } } });
    await apollo.start();
    const handler = createGraphQLHandler(apollo, {
      service: 'test',
      context: async () => ({}),
      beforeDelivery: async ({ response }): Promise<RawGraphQLResponse> => (pending ? { ...response, auditCommitted: pending } : response),
    });
    server = await startHttpServer({ port: 0, routes: { '/graphql': handler } });
  });
  afterAll(async () => {
    await server.close();
    await apollo.stop();
  });

  const post = () => send(`${server.url}/graphql`, QUERY);

  it('arrives before the commit settles, and the commit is confirmed after it', async () => {
    const commit = deferred<boolean>();
    pending = commit.promise;
    const raw = await post();
    expect(raw.headers['content-type']).toBe(AUDIT_PENDING_MEDIA_TYPE);
    const { response, committed } = await readAuditPending(raw);
    // The data is readable while the commit is still open (a line break inside a value is escaped).
    expect(JSON.parse(response)).toEqual({ data: { greeting: 'hello\nworld' } });
    let settled = false;
    void committed!.then(() => (settled = true));
    await new Promise((r) => setTimeout(r, 50));
    expect(settled).toBe(false);
    commit.resolve(true);
    await expect(committed).resolves.toBe(true);
  });

  it('says so when the commit failed', async () => {
    pending = Promise.resolve(false);
    const { response, committed } = await readAuditPending(await post());
    expect(JSON.parse(response)).toEqual({ data: { greeting: 'hello\nworld' } });
    await expect(committed).resolves.toBe(false);
  });

  it('sends an ordinary JSON response when nothing is pending (committed before it was sent)', async () => {
    pending = undefined;
    const raw = await post();
    expect(isAuditPending(raw.headers['content-type'])).toBe(false);
    expect(raw.headers['content-type']).toMatch(/^application\/json/);
    expect(JSON.parse(await readAll(raw))).toEqual({ data: { greeting: 'hello\nworld' } });
  });
});

describe('an audit-pending response cut short', () => {
  let raw: Server;
  let url: string;
  // What the server sends before it goes away.
  let sent = '';

  beforeAll(async () => {
    raw = createServer((_req, res) => {
      res.writeHead(200, { 'content-type': AUDIT_PENDING_MEDIA_TYPE });
      res.write(sent, () => setTimeout(() => res.socket?.destroy(), 20));
    });
    await new Promise<void>((resolve) => raw.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(raw.address() as AddressInfo).port}/`;
  });
  afterAll(() => new Promise<void>((resolve) => raw.close(() => resolve())));

  it('counts as not committed when the process dies after the data', async () => {
    sent = '{"data":{"greeting":"hello"}}\n';
    const { response, committed } = await readAuditPending(await send(url));
    expect(JSON.parse(response)).toEqual({ data: { greeting: 'hello' } });
    await expect(committed).resolves.toBe(false);
  });

  it('counts as not committed when the outcome line is garbled', async () => {
    sent = '{"data":{"greeting":"hello"}}\n{"audit":"comm';
    const { committed } = await readAuditPending(await send(url));
    await expect(committed).resolves.toBe(false);
  });

  it('fails like a broken fetch when even the data line is incomplete', async () => {
    sent = '{"data":{"gree';
    await expect(readAuditPending(await send(url))).rejects.toThrow();
  });
});
