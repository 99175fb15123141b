import { buildSubgraphSchema, type GraphQLResolverMap } from '@apollo/subgraph';
import {
  createAuditVerifyHandler,
  createHealthHandler,
  createMetricsHandler,
  readBody,
  sendJson,
  startHttpServer,
  type AuditAnchorQuery,
  type Logger,
  type RouteHandler,
  type RunningServer,
  type SubgraphExecutor,
} from '@civicgraph/server';
import type { DocumentNode, GraphQLSchema } from 'graphql';
import { coded } from './subgraphExecutor';

/** What a subgraph package's `createXSubgraph(deps)` returns: its schema and how its requests are executed. */
export interface Subgraph {
  name: string;
  schema: GraphQLSchema;
  /** The executor its requests go through, over HTTP or in process; call once per served instance (it owns the disclosure log's writer). */
  start(logger: Logger): SubgraphExecutor;
  /** Resolves when the subgraph's database answers. */
  checkHealth(): Promise<void>;
  /** Resolves when the database answers and its migrations are current. */
  checkReady(): Promise<void>;
  /** Re-reads the audit chains in the subgraph's database (for operators' `/audit/verify`). */
  verifyAudit?(anchors?: readonly AuditAnchorQuery[]): Promise<object[]>;
  /** Sets the series read from the subgraph's database, before each `/metrics` scrape. */
  refreshMetrics?(): Promise<void>;
}

export function buildSchema<TContext>(typeDefs: DocumentNode, resolvers: GraphQLResolverMap<TContext>): GraphQLSchema {
  return buildSubgraphSchema([{ typeDefs, resolvers: resolvers as GraphQLResolverMap<unknown> }]);
}

export interface ServeSubgraphOptions {
  port: number;
  host?: string;
  logger: Logger;
  /** The operators' token for `/metrics`; without one the route is off. */
  metricsToken?: string;
}

export interface InProcessSubgraph {
  /** Runs one call exactly as the HTTP route would: the same signed-context check, shield, disclosure log and errors. */
  execute: SubgraphExecutor;
  close(): Promise<void>;
}

/**
 * A subgraph inside the caller's process (single-process mode): the gateway hands its call over as objects
 * and takes the answer as objects — no socket, no JSON — and every check is unchanged, since calls go
 * through the same executor as the HTTP route.
 */
export async function startSubgraphInProcess(subgraph: Subgraph, logger: Logger): Promise<InProcessSubgraph> {
  return { execute: subgraph.start(logger), close: async () => {} };
}

const MAX_BODY_BYTES = 1024 * 1024;

/** The `/graphql` route: POST with a JSON body only (subgraphs are called by the gateway, never by browsers). */
function graphqlRoute(execute: SubgraphExecutor): RouteHandler {
  return async (req, res) => {
    const refuse = (status: number, message: string, headers?: Record<string, string>) =>
      sendJson(res, status, { errors: [coded('BAD_REQUEST', message)] }, headers);
    if (req.method !== 'POST') return refuse(405, 'A subgraph answers POST requests only', { allow: 'POST' });
    if (!/^application\/json\b/i.test(req.headers['content-type'] ?? '')) return refuse(415, 'A subgraph request is JSON (content-type: application/json)');
    const text = await readBody(req, MAX_BODY_BYTES);
    if (text === null) return refuse(413, `Request body is larger than ${MAX_BODY_BYTES} bytes`);
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      return refuse(400, 'Request body is not valid JSON');
    }
    const answer = await execute({ headers: req.headers, body });
    sendJson(res, answer.status, answer.result, answer.headers);
  };
}

/** Serves a subgraph on `/graphql` with `/health`, `/ready` and `/metrics`, the shape `npm start`, tests and production share. */
export async function serveSubgraph(subgraph: Subgraph, { port, host, logger, metricsToken }: ServeSubgraphOptions): Promise<RunningServer> {
  return startHttpServer({
    port,
    host,
    // The gateway's signed context names every grant on this subgraph's types: an administrator's reaches
    // most of Node's default 16 KiB, and grows with the schema. Only the gateway calls a subgraph.
    maxHeaderSize: 64 * 1024,
    routes: {
      '/graphql': graphqlRoute(subgraph.start(logger)),
      '/health': createHealthHandler(subgraph.name, { database: () => subgraph.checkHealth() }),
      '/ready': createHealthHandler(subgraph.name, { database: () => subgraph.checkHealth(), migrations: () => subgraph.checkReady() }),
      '/metrics': createMetricsHandler(subgraph.name, metricsToken, subgraph.refreshMetrics && (() => subgraph.refreshMetrics!())),
      '/audit/verify': createAuditVerifyHandler(metricsToken, async (anchors) => (await subgraph.verifyAudit?.(anchors)) ?? []),
    },
    onError: (error) => logger.error({ err: error }, 'request failed'),
  });
}
