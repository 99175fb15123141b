import { createHash, timingSafeEqual } from 'node:crypto';
import { metricsExposition } from '@civicgraph/observability';
import type { RouteHandler } from './startHttpServer';

const digest = (text: string) => createHash('sha256').update(text).digest();

/**
 * An operators' route: the caller sends `Authorization: Bearer <token>` (METRICS_TOKEN, the operators'
 * token); without a token configured the route is off (404), never open.
 */
export function forOperators(token: string | undefined, what: string, serve: RouteHandler): RouteHandler {
  const expected = token ? digest(token) : undefined;
  const refuse = (res: Parameters<RouteHandler>[1], status: number, code: string, message: string) => {
    const body = JSON.stringify({ errors: [{ message, extensions: { code } }] });
    res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...(status === 401 ? { 'www-authenticate': 'Bearer' } : {}) });
    res.end(body);
  };
  return async (req, res) => {
    if (!expected) return refuse(res, 404, 'NOT_FOUND', `${what} off: set METRICS_TOKEN to serve them to operators`);
    const sent = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '')?.[1];
    // Compared as digests, in constant time: the token's length does not leak either.
    if (!sent || !timingSafeEqual(digest(sent), expected))
      return refuse(res, 401, 'UNAUTHENTICATED', 'Send the operators\' metrics token as "Authorization: Bearer <token>"');
    return serve(req, res);
  };
}

/**
 * `GET /metrics`: the Prometheus text exposition of one service's series (and its process's), for operators
 * only: it names every scenario and how each is used. `refresh` first sets series read from the service's
 * database (the governance subgraph's quality figures); if it fails, the series keep their last values.
 */
export function createMetricsHandler(service: string, token: string | undefined, refresh?: () => Promise<void>): RouteHandler {
  return forOperators(token, 'Metrics are', async (_req, res) => {
    await refresh?.().catch(() => {});
    const { contentType, body } = await metricsExposition(service);
    res.writeHead(200, { 'content-type': contentType, 'content-length': Buffer.byteLength(body) });
    res.end(body);
  });
}

/** A head an operator anchored earlier, for the chain in `table`: `?anchor=<table>:<seq>:<hash>`, repeatable. */
export interface AuditAnchorQuery {
  table: string;
  seq: number;
  hash: string;
}

/**
 * `GET /audit/verify`: the service re-reads the audit chains in its own database and reports each (records,
 * head, the first problem) as JSON — how `civicgraph audit verify` checks a running system whose embedded
 * databases it cannot open itself. Anchored heads (`?anchor=`) must still be in their chains. For operators only.
 */
export function createAuditVerifyHandler(token: string | undefined, verify: (anchors: AuditAnchorQuery[]) => Promise<unknown[]>): RouteHandler {
  return forOperators(token, 'Audit verification is', async (req, res) => {
    const anchors: AuditAnchorQuery[] = [];
    for (const value of new URL(req.url ?? '/', 'http://service').searchParams.getAll('anchor')) {
      const match = /^(\w+):(\d{1,15}):([0-9a-f]{64})$/.exec(value);
      if (!match) {
        const body = JSON.stringify({
          errors: [{ message: `anchor must be <table>:<seq>:<sha-256 hex>, got "${value.slice(0, 100)}"`, extensions: { code: 'BAD_REQUEST' } }],
        });
        res.writeHead(400, { 'content-type': 'application/json; charset=utf-8' });
        res.end(body);
        return;
      }
      anchors.push({ table: match[1]!, seq: Number(match[2]), hash: match[3]! });
    }
    const body = JSON.stringify(await verify(anchors));
    res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(body) });
    res.end(body);
  });
}
