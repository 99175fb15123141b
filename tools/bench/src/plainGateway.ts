import { ApolloGateway, RemoteGraphQLDataSource } from '@apollo/gateway';
import { ApolloServer } from '@apollo/server';
import { startStandaloneServer } from '@apollo/server/standalone';
import { readSupergraphSdl, type SubgraphName } from '@civicgraph/schema';

/**
 * The baseline of the benchmark: `@apollo/gateway` and `@apollo/server` with their default options over
 * the same subgraphs. The only addition is a fixed header per subgraph: our subgraphs serve nothing
 * unsigned, so the baseline sends a context token the gateway signed once, before the run (the subgraph
 * verifies a token once and then reuses the result), so it pays no signing or verification per request.
 */
export async function startPlainGateway(subgraphUrls: Record<SubgraphName, string>, contextHeader: string, tokens: Record<SubgraphName, string>) {
  const gateway = new ApolloGateway({
    supergraphSdl: readSupergraphSdl(),
    buildService: ({ name, url }) => {
      const subgraph = name as SubgraphName;
      return new RemoteGraphQLDataSource({
        url: subgraphUrls[subgraph] ?? url,
        willSendRequest: ({ request }) => {
          request.http?.headers.set(contextHeader, tokens[subgraph]);
        },
      });
    },
  });
  const server = new ApolloServer({ gateway });
  const { url } = await startStandaloneServer(server, { listen: { port: 0, host: '127.0.0.1' } });
  return { url, stop: () => server.stop() };
}
