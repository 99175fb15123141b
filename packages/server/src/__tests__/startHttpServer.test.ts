import { connect, type Socket } from 'node:net';
import { startHttpServer, sendJson, type RunningServer } from '../startHttpServer';

/** Raw sockets against the HTTP shell: what a slow or greedy client gets. */
describe('startHttpServer, facing slow and greedy clients', () => {
  let server: RunningServer;
  const errors: unknown[] = [];
  const sockets: Socket[] = [];

  beforeAll(async () => {
    server = await startHttpServer({
      port: 0,
      routes: { '/health': (_req, res) => sendJson(res, 200, { status: 'ok' }) },
      onError: (error) => errors.push(error),
      headersTimeoutMs: 1_000,
      requestTimeoutMs: 1_500,
      maxConnectionsPerClient: 3,
      maxRequestsPerSocket: 2,
    });
  });
  afterAll(async () => {
    for (const socket of sockets) socket.destroy();
    await server.close();
  });

  const open = () =>
    new Promise<Socket>((resolve, reject) => {
      const socket = connect(server.port, '127.0.0.1', () => resolve(socket));
      socket.once('error', reject);
      sockets.push(socket);
    });
  const answerOf = (socket: Socket) =>
    new Promise<string>((resolve) => {
      let text = '';
      socket.on('data', (chunk) => (text += chunk.toString()));
      socket.once('close', () => resolve(text));
    });

  it('answers 408 to a client that does not finish its headers in time, and logs nothing', async () => {
    const socket = await open();
    const answer = answerOf(socket);
    socket.write('GET /health HTTP/1.1\r\nHost: x\r\n');
    const started = Date.now();
    expect(await answer).toMatch(/^HTTP\/1\.1 408 Request Timeout[\s\S]*"code":"BAD_REQUEST"/);
    expect(Date.now() - started).toBeLessThan(4_000);
    expect(errors).toEqual([]);
  });

  it('closes a connection past the per-address share at once, and serves the others', async () => {
    const held = [await open(), await open(), await open()];
    const extra = await open();
    expect(await answerOf(extra)).toBe('');
    const socket = held[0]!;
    const answer = answerOf(socket);
    socket.end('GET /health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n');
    expect(await answer).toMatch(/^HTTP\/1\.1 200 OK[\s\S]*"status":"ok"/);
  });

  it('tells a kept-alive client to reconnect after its share of requests, and refuses more on that connection', async () => {
    const socket = await open();
    let text = '';
    const refused = new Promise<void>((resolve) =>
      socket.on('data', (chunk) => {
        text += chunk.toString();
        if (/HTTP\/1\.1 503/.test(text)) resolve();
      }),
    );
    socket.write('GET /health HTTP/1.1\r\nHost: x\r\n\r\nGET /health HTTP/1.1\r\nHost: x\r\n\r\nGET /health HTTP/1.1\r\nHost: x\r\n\r\n');
    await refused;
    socket.destroy();
    const [first, second] = text.split(/(?=HTTP\/1\.1 )/);
    expect(first).toMatch(/^HTTP\/1\.1 200 OK[\s\S]*Connection: keep-alive/i);
    expect(second).toMatch(/^HTTP\/1\.1 200 OK[\s\S]*Connection: close/i);
  });
});
