import { ApolloGateway } from '@apollo/gateway';
import { readSupergraphSdl, type SubgraphName } from '@civicgraph/schema';
import { createApolloServer, createGraphQLHandler, createHealthHandler, startHttpServer, type Logger, type RunningServer } from '@civicgraph/server';
import { createSubgraphFetcher } from './createSubgraphFetcher';
import { SubgraphDataSource } from './SubgraphDataSource';

export interface GatewayOptions {
  /** Where each subgraph listens; defaults to the URLs recorded in the supergraph. */
  subgraphUrls?: Partial<Record<SubgraphName, string>>;
  /** The composed supergraph SDL. Default: the committed `schema/supergraph.graphql`. */
  supergraphSdl?: string;
  logger: Logger;
}

export interface GatewayContext {
  requestId: string;
}

/** The gateway's Apollo Server over the static supergraph; `serveGateway` puts it on HTTP. */
export function createGateway({ subgraphUrls = {}, supergraphSdl = readSupergraphSdl(), logger }: GatewayOptions) {
  const { fetcher, close: closeFetcher } = createSubgraphFetcher();
  const gateway = new ApolloGateway({
    supergraphSdl,
    buildService: ({ name, url }) =>
      new SubgraphDataSource({ url: subgraphUrls[name as SubgraphName] ?? url, fetcher }),
    logger: { debug: () => {}, info: (m) => logger.info(m), warn: (m) => logger.warn(m), error: (m) => logger.error(m) },
  });
  const apollo = createApolloServer<GatewayContext>({ gateway }, logger);
  return { apollo, gateway, closeFetcher };
}

export interface ServeGatewayOptions extends GatewayOptions {
  port: number;
  host?: string;
}

/** Serves the gateway on `/graphql` with `/health`. */
export async function serveGateway(options: ServeGatewayOptions): Promise<RunningServer> {
  const { apollo, closeFetcher } = createGateway(options);
  await apollo.start();
  const server = await startHttpServer({
    port: options.port,
    host: options.host,
    routes: {
      '/graphql': createGraphQLHandler(apollo, { context: async ({ requestId }) => ({ requestId }) }),
      '/health': createHealthHandler('gateway', {}),
    },
    onError: (error) => options.logger.error({ err: error }, 'request failed'),
  });
  return {
    ...server,
    async close() {
      await server.close();
      await apollo.stop();
      await closeFetcher();
    },
  };
}
