import type { ApolloServerPlugin, GraphQLRequestContextWillSendResponse, BaseContext } from '@apollo/server';

/** How one operation ended, as the audit trail and the metrics need it. */
export interface OperationOutcome {
  /** Position in a batched HTTP request; 0 otherwise. */
  index: number;
  operationName: string | null;
  /** SHA-256 of the document, as Apollo Server computed it. */
  documentHash: string | null;
  /** False when the operation was refused before execution (no `data` in the response). */
  executed: boolean;
  /** Whether the response carries data (not absent, not null): what the request log's `released` is worked out from. */
  dataReleased: boolean;
  /** `extensions.code` of every error, in order. */
  errorCodes: string[];
  /** What the service adds (the gateway: the coordinates the operation could reach, records disclosed). */
  coordinates: string[];
  records: number;
}

/** A context the outcomes are collected on; Apollo Server shares one context among the operations of a batch. */
export interface OutcomeContext extends BaseContext {
  operations?: OperationOutcome[];
}

export type DescribeOperation<TContext extends BaseContext> = (requestContext: GraphQLRequestContextWillSendResponse<TContext>) => {
  coordinates?: string[];
  records?: number;
};

const GRAPHQL_NAME = /^[_A-Za-z][_0-9A-Za-z]{0,255}$/;
const SHA256_HEX = /^[0-9a-f]{64}$/;

/**
 * An operation name as it can be recorded whatever the client sent: a GraphQL name as is; anything else
 * (a name the document does not define may be any JSON string) quoted and escaped, control characters
 * included, cut to the log's 256 characters.
 */
function storableName(name: unknown): string | null {
  if (name === undefined || name === null) return null;
  if (typeof name === 'string' && GRAPHQL_NAME.test(name)) return name;
  return JSON.stringify(name)?.slice(0, 256) ?? null;
}

/** Collects each operation's outcome on its context, in batch order, for the step before delivery. */
export function recordOperationOutcomes<TContext extends OutcomeContext>(describe?: DescribeOperation<TContext>): ApolloServerPlugin<TContext> {
  return {
    async requestDidStart({ contextValue }) {
      const operations = (contextValue.operations ??= []);
      // requestDidStart runs in batch order; later hooks may not.
      const outcome: OperationOutcome = {
        index: operations.length,
        operationName: null,
        documentHash: null,
        executed: false,
        dataReleased: false,
        errorCodes: [],
        coordinates: [],
        records: 0,
      };
      operations.push(outcome);
      return {
        async willSendResponse(requestContext) {
          const { response, operationName, queryHash } = requestContext;
          outcome.operationName = storableName(operationName ?? requestContext.request.operationName);
          outcome.documentHash = queryHash && SHA256_HEX.test(queryHash) ? queryHash : null;
          if (response.body.kind === 'single') {
            const result = response.body.singleResult;
            outcome.executed = result.data !== undefined;
            outcome.dataReleased = result.data != null;
            outcome.errorCodes = (result.errors ?? []).map((e) => String(e.extensions?.code ?? 'INTERNAL_SERVER_ERROR'));
          } else {
            outcome.executed = true;
            outcome.dataReleased = true;
          }
          Object.assign(outcome, describe?.(requestContext));
        },
      };
    },
  };
}

/** Error codes of a response body the service did not execute (refused while building the context). */
export function errorCodesOf(body: string): string[] {
  try {
    const parsed = JSON.parse(body) as { errors?: { extensions?: { code?: unknown } }[] };
    return (parsed.errors ?? []).map((e) => String(e.extensions?.code ?? 'INTERNAL_SERVER_ERROR'));
  } catch {
    return ['INTERNAL_SERVER_ERROR'];
  }
}
