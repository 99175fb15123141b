import type { ApolloServerPlugin } from '@apollo/server';
import { isDatabaseUnavailable } from '@civicgraph/db';
import { ApolloServerPluginCacheControlDisabled, ApolloServerPluginInlineTraceDisabled } from '@apollo/server/plugin/disabled';
import { buildSubgraphSchema, type GraphQLResolverMap } from '@apollo/subgraph';
import {
  createApolloServer,
  createGraphQLExecutor,
  createGraphQLHandler,
  createHealthHandler,
  createAuditVerifyHandler,
  createMetricsHandler,
  recordOperationOutcomes,
  startHttpServer,
  type Exchange,
  type GraphQLHandlerOptions,
  type OutcomeContext,
  type Logger,
  type RawGraphQLRequest,
  type RawGraphQLResponse,
  type RequestInfo,
  type RunningServer,
} from '@civicgraph/server';
import type { AuditAnchorQuery } from '@civicgraph/server';
import type { DocumentNode, GraphQLSchema } from 'graphql';

/** What a subgraph package's `createXSubgraph(deps)` returns: its schema and how to build a request's context. */
export interface Subgraph<TContext extends object = object> {
  name: string;
  schema: GraphQLSchema;
  /** Apollo Server plugins the subgraph needs (its permission check, its disclosure log); they see the context createContext made. */
  plugins?(logger: Logger): ApolloServerPlugin[];
  createContext(info: RequestInfo): Promise<TContext>;
  /** Runs after execution, before the response is released (its metrics); returns what is delivered. */
  beforeDelivery?(exchange: Exchange<TContext>): Promise<RawGraphQLResponse>;
  /** Resolves when the subgraph's database answers. */
  checkHealth(): Promise<void>;
  /** Resolves when the database answers and its migrations are current. */
  checkReady(): Promise<void>;
  /** Re-reads the audit chains in the subgraph's database (for operators' `/audit/verify`). */
  verifyAudit?(anchors?: readonly AuditAnchorQuery[]): Promise<object[]>;
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

async function startApollo(subgraph: Subgraph, logger: Logger) {
  // Inline traces are for Apollo's hosted reporting, which a government network does not use. Cache hints
  // neither: nothing an owner answers may be cached (the gateway sends no-store), and Apollo's cache-control
  // plugin would wrap every field's resolver to compute them.
  const apollo = createApolloServer<OutcomeContext & { requestId?: string }>(
    {
      schema: subgraph.schema,
      plugins: [
        ApolloServerPluginInlineTraceDisabled(),
        ApolloServerPluginCacheControlDisabled(),
        recordOperationOutcomes(),
        ...(subgraph.plugins?.(logger) ?? []),
      ],
    },
    logger,
    { name: subgraph.name, isUnavailable: isDatabaseUnavailable },
  );
  await apollo.start();
  return apollo;
}

/** How the HTTP route and the in-process transport alike run a subgraph's requests. */
function handlerOptions<TContext extends object>(subgraph: Subgraph<TContext>): GraphQLHandlerOptions<TContext> {
  return {
    service: subgraph.name,
    context: (info) => subgraph.createContext(info),
    beforeDelivery: subgraph.beforeDelivery?.bind(subgraph),
  };
}

export interface InProcessSubgraph {
  /** Runs one request exactly as the HTTP route would: the same signed-context check, shield and errors. */
  execute(request: RawGraphQLRequest): Promise<RawGraphQLResponse>;
  close(): Promise<void>;
}

/**
 * A subgraph inside the caller's process (single-process mode): no socket, no HTTP parsing, every
 * check unchanged, since requests go through the same executor as the HTTP route.
 */
export async function startSubgraphInProcess(subgraph: Subgraph, logger: Logger): Promise<InProcessSubgraph> {
  const apollo = await startApollo(subgraph, logger);
  return { execute: createGraphQLExecutor(apollo, handlerOptions(subgraph)), close: () => apollo.stop() };
}

/** Serves a subgraph on `/graphql` with `/health`, `/ready` and `/metrics`, the shape `npm start`, tests and production share. */
export async function serveSubgraph(subgraph: Subgraph, { port, host, logger, metricsToken }: ServeSubgraphOptions): Promise<RunningServer> {
  const apollo = await startApollo(subgraph, logger);
  const server = await startHttpServer({
    port,
    host,
    routes: {
      '/graphql': createGraphQLHandler(apollo, handlerOptions(subgraph)),
      '/health': createHealthHandler(subgraph.name, { database: () => subgraph.checkHealth() }),
      '/ready': createHealthHandler(subgraph.name, { database: () => subgraph.checkHealth(), migrations: () => subgraph.checkReady() }),
      '/metrics': createMetricsHandler(subgraph.name, metricsToken),
      '/audit/verify': createAuditVerifyHandler(metricsToken, async (anchors) => (await subgraph.verifyAudit?.(anchors)) ?? []),
    },
    onError: (error) => logger.error({ err: error }, 'request failed'),
  });
  return {
    ...server,
    async close() {
      await server.close();
      await apollo.stop();
    },
  };
}
