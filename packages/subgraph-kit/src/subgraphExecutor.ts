import { performance } from 'node:perf_hooks';
import {
  execute,
  getOperationAST,
  GraphQLError,
  parse,
  validate,
  type DocumentNode,
  type ExecutionResult,
  type GraphQLFormattedError,
  type GraphQLSchema,
} from 'graphql';
import { inServerSpan } from '@civicgraph/observability';
import { forwardedRequestId, type ClientErrors, type RequestInfo, type SubgraphAnswer, type SubgraphCall, type SubgraphExecutor } from '@civicgraph/server';

/** How one call ended, for the step before delivery (the disclosure log, the metrics). */
export interface CallOutcome {
  requestId: string;
  arrivedAt: Date;
  /** `performance.now()` at arrival. */
  startedAt: number;
  /** Whether the operation ran (willExecute was called); false when it was refused before. */
  executed: boolean;
}

export interface SubgraphExecutorHooks<TContext> {
  service: string;
  schema: GraphQLSchema;
  /** Builds the call's context from its headers; throws a coded error to refuse the call (a context the gateway did not sign). */
  context(info: RequestInfo): Promise<TContext>;
  /** Runs once the operation is known to be valid, right before it executes (the permission check). */
  willExecute(context: TContext, document: DocumentNode, operationName: string | undefined): void;
  /** Runs before the answer leaves (the disclosure log, metrics); what it returns is delivered. */
  willSend(context: TContext | undefined, answer: SubgraphAnswer, outcome: CallOutcome): Promise<SubgraphAnswer>;
  errors: ClientErrors;
}

/** Validated documents by text: the gateway sends the same few fetch documents again and again. */
const DOCUMENTS_KEPT = 1_000;

/** graphql-js suggests similar names in validation messages; a suggestion could name a field the caller may not see. */
const SUGGESTION = / Did you mean(.+)\?$/;

/** An error in the client's form, with its code. */
export function coded(code: string, message: string): GraphQLFormattedError {
  return { message, extensions: { code } };
}

/**
 * A subgraph's GraphQL execution without a server framework around it: context (the gateway's signature
 * first, so an unsigned caller learns nothing else), the body's shape, a parsed and validated document
 * (kept per text), the operation, `execute`, errors in the platform's client form, and the step before
 * delivery. The HTTP route and a gateway in the same process call it alike, so both get every check.
 */
export function createSubgraphExecutor<TContext>(hooks: SubgraphExecutorHooks<TContext>): SubgraphExecutor {
  const { schema, errors } = hooks;
  const documents = new Map<string, { document: DocumentNode; invalid: readonly GraphQLError[] }>();

  const documentOf = (query: string) => {
    let known = documents.get(query);
    if (!known) {
      const document = parse(query);
      known = { document, invalid: validate(schema, document) };
      if (documents.size >= DOCUMENTS_KEPT) documents.delete(documents.keys().next().value!);
      documents.set(query, known);
    }
    return known;
  };

  /** Each error in the client's form; an error's `extensions.http.status` becomes the answer's status. */
  const format = (raised: readonly GraphQLError[], requestId: string, status: { code: number }): GraphQLFormattedError[] => {
    errors.logUnexpected(raised, requestId);
    return raised.map((error) => {
      const { http, ...extensions } = error.extensions as { http?: { status?: number }; code?: unknown };
      if (typeof http?.status === 'number') status.code = http.status;
      const formatted = error.toJSON();
      return errors.format({ ...formatted, extensions: { ...extensions, code: extensions.code ?? 'INTERNAL_SERVER_ERROR' } }, error);
    });
  };

  return (call: SubgraphCall) => {
    const requestId = forwardedRequestId(call.headers['x-request-id']);
    const outcome: CallOutcome = { requestId, arrivedAt: new Date(), startedAt: performance.now(), executed: false };
    const answer = (status: number, result: SubgraphAnswer['result']): SubgraphAnswer => ({
      status,
      headers: { 'content-type': 'application/json; charset=utf-8', 'x-request-id': requestId },
      result,
    });

    const run = async (): Promise<SubgraphAnswer> => {
      let context: TContext | undefined;
      const respond = async (status: number, result: SubgraphAnswer['result']) => hooks.willSend(context, answer(status, result), outcome);
      const refuse = (status: number, error: GraphQLFormattedError) => respond(status, { errors: [error] });
      try {
        context = await hooks.context({ requestId, headers: call.headers });
      } catch (error) {
        const status = { code: 500 };
        const [formatted] = format([asGraphQLError(error)], requestId, status);
        return refuse(status.code, formatted!);
      }

      const body = call.body as { query?: unknown; variables?: unknown; operationName?: unknown } | null;
      if (!body || typeof body !== 'object' || Array.isArray(body))
        return refuse(400, coded('BAD_REQUEST', 'A subgraph request is one JSON object with a query'));
      const { query, variables, operationName } = body;
      if (typeof query !== 'string' || !query) return refuse(400, coded('BAD_REQUEST', 'The request has no query'));
      if (variables != null && (typeof variables !== 'object' || Array.isArray(variables)))
        return refuse(400, coded('BAD_REQUEST', 'Variables must be a JSON object'));
      if (operationName != null && typeof operationName !== 'string') return refuse(400, coded('BAD_REQUEST', 'The operation name must be a string'));

      let known: { document: DocumentNode; invalid: readonly GraphQLError[] };
      try {
        known = documentOf(query);
      } catch (error) {
        return refuse(400, coded('GRAPHQL_PARSE_FAILED', (error as Error).message));
      }
      if (known.invalid.length)
        return respond(400, {
          errors: known.invalid.map((e) => ({ ...coded('GRAPHQL_VALIDATION_FAILED', e.message.replace(SUGGESTION, '')), locations: e.locations })),
        });
      const name = operationName ?? undefined;
      if (!getOperationAST(known.document, name))
        return refuse(400, coded('OPERATION_RESOLUTION_FAILURE', name ? `Unknown operation named "${name}"` : 'The document must name the operation to run'));

      hooks.willExecute(context, known.document, name);
      outcome.executed = true;
      let result: ExecutionResult;
      try {
        result = await execute({
          schema,
          document: known.document,
          variableValues: (variables as Record<string, unknown> | null | undefined) ?? undefined,
          operationName: name,
          contextValue: context,
        });
      } catch (error) {
        return respond(500, { errors: format([asGraphQLError(error)], requestId, { code: 500 }) });
      }
      if (!result.errors?.length) return respond(200, { data: result.data });
      const status = { code: 200 };
      // Variables that do not fit their types: nothing ran, the caller's mistake.
      if (result.data === undefined) {
        status.code = 400;
        const input = result.errors.map((e) =>
          e.extensions.code ? e : new GraphQLError(e.message, { nodes: e.nodes, extensions: { code: 'BAD_USER_INPUT' } }),
        );
        const formatted = format(input, requestId, status);
        return respond(status.code, { errors: formatted });
      }
      // Formatted first: an error's `extensions.http.status` sets the answer's.
      const formatted = format(result.errors, requestId, status);
      return respond(status.code, { data: result.data, errors: formatted });
    };
    return inServerSpan(`graphql ${hooks.service}`, call.headers, { 'civicgraph.request_id': requestId }, run);
  };
}

function asGraphQLError(error: unknown): GraphQLError {
  if (error instanceof GraphQLError) return error;
  return new GraphQLError(error instanceof Error ? error.message : String(error), { originalError: error instanceof Error ? error : undefined });
}
