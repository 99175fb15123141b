import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApolloServer } from '@apollo/server';
import { AUDIT_PENDING_MEDIA_TYPE, createGraphQLHandler, readAuditPending, startHttpServer, type RawGraphQLResponse, type RunningServer } from '../index';

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

  const post = () => fetch(`${server.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: QUERY });

  it('arrives before the commit settles, and the commit is confirmed after it', async () => {
    const commit = deferred<boolean>();
    pending = commit.promise;
    const raw = await post();
    expect(raw.headers.get('content-type')).toBe(AUDIT_PENDING_MEDIA_TYPE);
    const { response, committed } = await readAuditPending(raw);
    // The data is readable while the commit is still open (a line break inside a value is escaped).
    expect(await response.json()).toEqual({ data: { greeting: 'hello\nworld' } });
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
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
    expect(await response.json()).toEqual({ data: { greeting: 'hello\nworld' } });
    await expect(committed).resolves.toBe(false);
  });

  it('passes an ordinary response through, committed before it was sent', async () => {
    pending = undefined;
    const raw = await post();
    const { response, committed } = await readAuditPending(raw);
    expect(response).toBe(raw);
    expect(committed).toBeNull();
    expect(await response.json()).toEqual({ data: { greeting: 'hello\nworld' } });
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
    const { response, committed } = await readAuditPending(await fetch(url));
    expect(await response.json()).toEqual({ data: { greeting: 'hello' } });
    await expect(committed).resolves.toBe(false);
  });

  it('counts as not committed when the outcome line is garbled', async () => {
    sent = '{"data":{"greeting":"hello"}}\n{"audit":"comm';
    const { committed } = await readAuditPending(await fetch(url));
    await expect(committed).resolves.toBe(false);
  });

  it('fails like a broken fetch when even the data line is incomplete', async () => {
    sent = '{"data":{"gree';
    await expect(readAuditPending(await fetch(url))).rejects.toThrow();
  });
});
