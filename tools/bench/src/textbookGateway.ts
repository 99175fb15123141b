import { ApolloGateway, RemoteGraphQLDataSource } from '@apollo/gateway';
import { ApolloServer } from '@apollo/server';
import { startStandaloneServer } from '@apollo/server/standalone';
import { readSupergraphSdl, type SubgraphName } from '@civicgraph/schema';

/**
 * The textbook baseline's gateway: `@apollo/gateway` and `@apollo/server` with their default options over
 * the committed supergraph, each subgraph at the URL given (the textbook subgraphs).
 */
export async function startTextbookGateway(subgraphUrls: Record<SubgraphName, string>) {
  const gateway = new ApolloGateway({
    supergraphSdl: readSupergraphSdl(),
    buildService: ({ name, url }) => new RemoteGraphQLDataSource({ url: subgraphUrls[name as SubgraphName] ?? url }),
  });
  const server = new ApolloServer({ gateway });
  const { url } = await startStandaloneServer(server, { listen: { port: 0, host: '127.0.0.1' } });
  return { url, stop: () => server.stop() };
}
