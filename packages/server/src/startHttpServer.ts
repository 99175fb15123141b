import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export type RouteHandler = (req: IncomingMessage, res: ServerResponse) => void | Promise<void>;

export interface HttpServerOptions {
  /** 0 picks a free port (tests). */
  port: number;
  /** Default `127.0.0.1`; `0.0.0.0` to serve other machines. */
  host?: string;
  /** Handlers by exact path, e.g. `/graphql`, `/health`. Anything else is 404. */
  routes: Record<string, RouteHandler>;
  /** Handlers for a path and everything under it (`/console` serves `/console/…`), asked when no exact route matches. */
  prefixes?: Record<string, RouteHandler>;
  /** Called when a handler throws; the client gets a bare 500. */
  onError?: (error: unknown) => void;
  /** On close, how long requests in flight may take to finish before their connections are cut, ms. Default 5,000. */
  drainMs?: number;
  /** How long a client may take to send its headers, ms (Node's 408 after it). Default 10,000. */
  headersTimeoutMs?: number;
  /** How long a client may take to send a whole request, body included, ms. Default 30,000. */
  requestTimeoutMs?: number;
  /** Open connections one client address may hold; past it, new ones are closed at once. Default 256. */
  maxConnectionsPerClient?: number;
  /** Requests one kept-alive connection may carry before it is closed (the client reconnects). Default 1,000. */
  maxRequestsPerSocket?: number;
  /** The most header bytes a request may carry (431 past it). Default Node's 16 KiB. */
  maxHeaderSize?: number;
}

export interface RunningServer {
  url: string;
  port: number;
  close(): Promise<void>;
}

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text), ...headers });
  res.end(text);
}

export async function startHttpServer({
  port,
  host = '127.0.0.1',
  routes,
  prefixes = {},
  onError,
  drainMs = 5_000,
  headersTimeoutMs = 10_000,
  requestTimeoutMs = 30_000,
  maxConnectionsPerClient = 256,
  maxRequestsPerSocket = 1_000,
  maxHeaderSize,
}: HttpServerOptions): Promise<RunningServer> {
  const prefixHandler = (path: string) => {
    for (const [prefix, handler] of Object.entries(prefixes)) if (path === prefix || path.startsWith(`${prefix}/`)) return handler;
    return undefined;
  };
  let inFlight = 0;
  let drained: (() => void) | undefined;
  const server = createServer({ connectionsCheckingInterval: 1_000, ...(maxHeaderSize ? { maxHeaderSize } : {}) }, (req, res) => {
    const path = (req.url ?? '/').split('?')[0]!;
    const handler = routes[path] ?? prefixHandler(path);
    if (!handler) return sendJson(res, 404, { errors: [{ message: `No route ${path}: GraphQL is served at /graphql`, extensions: { code: 'NOT_FOUND' } }] });
    inFlight++;
    Promise.resolve(handler(req, res))
      .catch((error: unknown) => {
        onError?.(error);
        if (!res.headersSent) sendJson(res, 500, { errors: [{ message: 'Internal server error', extensions: { code: 'INTERNAL_SERVER_ERROR' } }] });
        else res.destroy();
      })
      .finally(() => {
        if (--inFlight === 0) drained?.();
      });
  });
  // Bytes Node's HTTP parser refuses (a control character in a header, a malformed request line) never
  // reach a route: answer them like any bad request, with a code, instead of Node's bare 400.
  server.on('clientError', (error: NodeJS.ErrnoException, socket) => {
    // A client that went away, or was too slow, is not a fault of ours: nothing to log at error level.
    if (!socket.writable || error.code === 'ECONNRESET') return socket.destroy();
    if (error.code === 'ERR_HTTP_REQUEST_TIMEOUT') {
      const body = JSON.stringify({ errors: [{ message: 'The request was not sent in time', extensions: { code: 'BAD_REQUEST' } }] });
      return socket.end(
        `HTTP/1.1 408 Request Timeout\r\ncontent-type: application/json; charset=utf-8\r\ncontent-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`,
      );
    }
    onError?.(error);
    const [status, reason] = error.code === 'HPE_HEADER_OVERFLOW' ? [431, 'Request Header Fields Too Large'] : [400, 'Bad Request'];
    const body = JSON.stringify({ errors: [{ message: `The HTTP request is malformed (${reason.toLowerCase()})`, extensions: { code: 'BAD_REQUEST' } }] });
    socket.end(
      `HTTP/1.1 ${status} ${reason}\r\ncontent-type: application/json; charset=utf-8\r\ncontent-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`,
    );
  });
  // Gateways keep connections to subgraphs open; stay above their idle timeout.
  server.keepAliveTimeout = 65_000;
  // A kept-alive connection ends after so many requests, so a load balancer can spread long-lived clients anew.
  server.maxRequestsPerSocket = maxRequestsPerSocket;
  // Slow clients: headers and whole requests must arrive in time (checked every second, not Node's 30 s).
  server.headersTimeout = headersTimeoutMs;
  server.requestTimeout = requestTimeoutMs;
  // One address cannot hold every socket: past its share, a new connection is closed before it is read.
  const connectionsByClient = new Map<string, number>();
  server.on('connection', (socket) => {
    const client = socket.remoteAddress ?? '';
    const open = (connectionsByClient.get(client) ?? 0) + 1;
    if (open > maxConnectionsPerClient) return socket.destroy();
    connectionsByClient.set(client, open);
    socket.once('close', () => {
      const left = (connectionsByClient.get(client) ?? 1) - 1;
      if (left) connectionsByClient.set(client, left);
      else connectionsByClient.delete(client);
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  const actual = (server.address() as AddressInfo).port;
  return {
    url: `http://${host === '0.0.0.0' ? '127.0.0.1' : host}:${actual}`,
    port: actual,
    // Graceful: stop accepting, let requests in flight finish (up to drainMs), then cut what is left, so
    // nothing behind this server (a subgraph, a database) is closed under a request still running.
    async close() {
      const closed = new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve())));
      server.closeIdleConnections();
      if (inFlight > 0) {
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, drainMs);
          drained = () => {
            clearTimeout(timer);
            resolve();
          };
        });
      }
      server.closeAllConnections();
      await closed;
    },
  };
}
