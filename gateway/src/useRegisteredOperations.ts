import type { ApolloServerPlugin } from '@apollo/server';
import type { KeyValueCache } from '@apollo/utils.keyvaluecache';
import { refuseRequest } from '@civicgraph/errors';
import type { GatewayContext } from './GatewayContext';

/**
 * Apollo Server's persisted-query cache, made to remember nothing: a client cannot register a document by
 * sending it with its hash (Apollo still checks that hash and text agree). Only operations an administrator
 * registered for the caller's scenario are found by id (useRegisteredOperations), so no app learns what
 * another sent.
 */
export const NOTHING_PERSISTED: KeyValueCache<string> = {
  get: async () => undefined,
  set: async () => {},
  delete: async () => true,
};

/**
 * Registered operations (persisted documents) per scenario. A request sending only an id — Apollo's
 * persisted-query hash, or `documentId` — gets the document registered under that id for its scenario
 * (unknown ids: PERSISTED_QUERY_NOT_FOUND). A scenario set to registered operations only refuses any
 * other document, sent by id or as text, with OPERATION_NOT_REGISTERED; the refusal is on record like any
 * other. Registered documents are parsed and validated once, then come from Apollo's document store.
 */
export const useRegisteredOperations: ApolloServerPlugin<GatewayContext> = {
  async requestDidStart({ request, contextValue }) {
    const scenario = contextValue.caller?.scenario;
    if (!scenario) return;
    const hash = request.extensions?.persistedQuery?.sha256Hash;
    if (request.query === undefined && typeof hash === 'string') {
      const document = scenario.operations.get(hash);
      if (document !== undefined) {
        // From here on the request is its document, exactly as if sent as text: the same path through
        // Apollo, without the persisted-query bookkeeping.
        request.query = document;
        const { persistedQuery: _sent, ...extensions } = request.extensions!;
        request.extensions = extensions;
      }
    }
    if (!scenario.registeredOperationsOnly) return;
    return {
      async didResolveOperation({ queryHash }) {
        if (!scenario.operations.has(queryHash)) {
          throw refuseRequest(
            'OPERATION_NOT_REGISTERED',
            `Scenario "${scenario.code}" accepts registered operations only, and this document is not one of them: send a registered operation's id, or ask an administrator to register it`,
            { documentId: queryHash },
          );
        }
      },
    };
  },
};
