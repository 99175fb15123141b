import type { ApolloServerPlugin } from '@apollo/server';
import { refuseRequest } from '@civicgraph/errors';
import type { GatewayContext } from './GatewayContext';

/**
 * Refuses, before the query planner sees it, an operation the gateway must not execute: one of a request
 * refused while its context was built (see createContext), answered with that refusal; and one the
 * document does not define (the planner would fail it as an internal error).
 */
export const refuseUnexecutable: ApolloServerPlugin<GatewayContext> = {
  async requestDidStart({ contextValue }) {
    return {
      async didResolveOperation({ operation, request }) {
        if (contextValue.refusal) throw contextValue.refusal;
        if (!operation) {
          const name = request.operationName;
          throw refuseRequest(
            'OPERATION_RESOLUTION_FAILURE',
            name ? `The document defines no operation named ${JSON.stringify(name)}` : 'The document defines several operations: name one in operationName',
          );
        }
      },
    };
  },
};
