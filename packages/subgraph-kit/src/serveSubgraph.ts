import type { ApolloServerPlugin } from '@apollo/server';
import { ApolloServerPluginInlineTraceDisabled } from '@apollo/server/plugin/disabled';
import { buildSubgraphSchema, type GraphQLResolverMap } from '@apollo/subgraph';
import {
  createApolloServer,
  createGraphQLExecutor,
  createGraphQLHandler,
  createHealthHandler,
  startHttpServer,
  type Logger,
  type RawGraphQLRequest,
  type RawGraphQLResponse,
  type RequestInfo,
  type RunningServer,
} from '@civicgraph/server';
import type { DocumentNode, GraphQLSchema } from 'graphql';

/** What a subgraph package's `createXSubgraph(deps)` returns: its schema and how to build a request's context. */
export interface Subgraph<TContext extends object = object> {
  name: string;
  schema: GraphQLSchema;
  /** Apollo Server plugins the subgraph needs (its permission check); they see the context createContext made. */
  plugins?: ApolloServerPlugin[];
  createContext(info: RequestInfo): Promise<TContext>;
  /** Resolves when the subgraph's database answers. */
  checkHealth(): Promise<void>;
}

export function buildSchema<TContext>(typeDefs: DocumentNode, resolvers: GraphQLResolverMap<TContext>): GraphQLSchema {
  return buildSubgraphSchema([{ typeDefs, resolvers: resolvers as GraphQLResolverMap<unknown> }]);
}

export interface ServeSubgraphOptions {
  port: number;
  host?: string;
  logger: Logger;
}

async function startApollo(subgraph: Subgraph, logger: Logger) {
  // Inline traces are for Apollo's hosted reporting, which a government network does not use.
  const apollo = createApolloServer({ schema: subgraph.schema, plugins: [ApolloServerPluginInlineTraceDisabled(), ...(subgraph.plugins ?? [])] }, logger);
  await apollo.start();
  return apollo;
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
  return { execute: createGraphQLExecutor(apollo, { context: (info) => subgraph.createContext(info) }), close: () => apollo.stop() };
}

/** Serves a subgraph on `/graphql` with `/health`, the shape `npm start`, tests and production share. */
export async function serveSubgraph(subgraph: Subgraph, { port, host, logger }: ServeSubgraphOptions): Promise<RunningServer> {
  const apollo = await startApollo(subgraph, logger);
  const server = await startHttpServer({
    port,
    host,
    routes: {
      '/graphql': createGraphQLHandler(apollo, { context: (info) => subgraph.createContext(info) }),
      '/health': createHealthHandler(subgraph.name, { database: () => subgraph.checkHealth() }),
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
