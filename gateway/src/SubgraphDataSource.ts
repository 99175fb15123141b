import { RemoteGraphQLDataSource } from '@apollo/gateway';
import type { FetcherResponse } from '@apollo/utils.fetcher';
import { GraphQLError } from 'graphql';

export interface SubgraphRequestContext {
  requestId?: string;
}

interface SubgraphErrorBody {
  errors?: { message?: unknown; extensions?: Record<string, unknown> }[];
}

/**
 * A subgraph over HTTP. Apollo Server answers invalid input (a malformed scalar literal, a variable of
 * the wrong type) with HTTP 400 and a coded GraphQL error; the stock data source would turn that into a
 * bare "400: Bad Request" carrying the subgraph's URL and body. Here the subgraph's own error — message
 * and code — reaches the client, and nothing about the subgraph's address does.
 */
export class SubgraphDataSource extends RemoteGraphQLDataSource<SubgraphRequestContext> {
  override willSendRequest({ request, context }: Parameters<NonNullable<RemoteGraphQLDataSource<SubgraphRequestContext>['willSendRequest']>>[0]) {
    // One request id from the client's call down to every subgraph's log line.
    if (context?.requestId) request.http?.headers.set('x-request-id', context.requestId);
  }

  override async errorFromResponse(response: FetcherResponse): Promise<GraphQLError> {
    let body: SubgraphErrorBody | undefined;
    try {
      body = (await this.parseBody(response)) as SubgraphErrorBody;
    } catch {
      body = undefined;
    }
    const first = body?.errors?.[0];
    if (first && typeof first.message === 'string' && typeof first.extensions?.code === 'string') {
      const { stacktrace: _s, exception: _e, ...extensions } = first.extensions;
      return new GraphQLError(first.message, { extensions });
    }
    // No coded error to pass on: the gateway's error mask turns this into INTERNAL_SERVER_ERROR.
    return new GraphQLError(`subgraph ${this.url} answered HTTP ${response.status}`);
  }
}
