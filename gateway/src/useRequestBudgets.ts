import type { ApolloServerPlugin } from '@apollo/server';
import { maxAliasesRule } from '@escape.tech/graphql-armor-max-aliases';
import { maxDepthRule } from '@escape.tech/graphql-armor-max-depth';
import { maxDirectivesRule } from '@escape.tech/graphql-armor-max-directives';
import { limitExceeded, refuseRequest } from '@civicgraph/errors';
import { estimateRows } from '@civicgraph/policy';
import { validate, type GraphQLError, type ValidationContext, type ValidationRule } from 'graphql';
import { boundedCache } from './boundedCache';
import type { GatewayContext } from './GatewayContext';

/** How large one request may be, whatever its scenario's grants. */
export interface RequestBudgets {
  /** Deepest field nesting of an operation. Default 12. */
  maxDepth?: number;
  /** Aliases in an operation. Default 30. */
  maxAliases?: number;
  /** Directives in an operation. Default 50. */
  maxDirectives?: number;
  /** Lexical tokens in a document (checked while parsing). Default 5,000. */
  maxTokens?: number;
  /** Rows a request can return, estimated from its page sizes and list nesting, summed over a batch. Default 10,000. */
  maxRows?: number;
  /** Operations in one batched HTTP request. Default 10. */
  maxBatch?: number;
}

export const DEFAULT_REQUEST_BUDGETS: Required<RequestBudgets> = {
  maxDepth: 12,
  maxAliases: 30,
  maxDirectives: 50,
  maxTokens: 5_000,
  maxRows: 10_000,
  maxBatch: 10,
};

/** GraphQL Armor's rules, each reporting LIMIT_EXCEEDED with the limit it enforces instead of a generic error. */
function armorRules({ maxDepth, maxAliases, maxDirectives }: Required<RequestBudgets>): ValidationRule[] {
  const report = (limit: string, max: number) => [
    (context: ValidationContext | null, error: GraphQLError) => context?.reportError(limitExceeded(limit, max, error.message.replace(/^Syntax Error: /, ''))),
  ];
  return [
    maxDepthRule({ n: maxDepth, onReject: report('depth', maxDepth), propagateOnRejection: false }),
    maxAliasesRule({ n: maxAliases, onReject: report('aliases', maxAliases), propagateOnRejection: false }),
    maxDirectivesRule({ n: maxDirectives, onReject: report('directives', maxDirectives), propagateOnRejection: false }),
  ];
}

/**
 * Per-request budgets at the gateway: depth, aliases and directives by GraphQL Armor's rules (checked once
 * per document), tokens while parsing, and the rows a request can return, estimated per request
 * from its page sizes (variables included) and summed over the operations of a batch. The scenario's own
 * `maxRows` row constraint is held the same way, over the rows its searches can return in the whole
 * request: sixty aliased searches of fifty are three thousand rows, not fifty. Refusals are LIMIT_EXCEEDED
 * (and FORBIDDEN for a scenario's constraint), before any subgraph is called, and recorded like any other.
 */
export function useRequestBudgets(budgets: RequestBudgets = {}) {
  const limits = { ...DEFAULT_REQUEST_BUDGETS };
  for (const [name, value] of Object.entries(budgets) as [keyof RequestBudgets, number | undefined][]) if (value !== undefined) limits[name] = value;
  const rules = armorRules(limits);
  // Armor's verdict per document: its shape does not change between requests. Run here rather than as
  // Apollo validation rules, which would report GRAPHQL_VALIDATION_FAILED instead of the limit.
  const verdictOn = boundedCache<GraphQLError | null>(1_000);
  const plugin: ApolloServerPlugin<GatewayContext> = {
    async requestDidStart() {
      return {
        async didResolveOperation({ document, operation, schema, request, contextValue, queryHash }) {
          if (!operation) return;
          const check = () => validate(schema, document, rules)[0] ?? null;
          const tooLarge = queryHash ? verdictOn(queryHash, check) : check();
          if (tooLarge) throw tooLarge;
          const estimate = estimateRows(schema, document, operation, request.variables);
          const spent = contextValue.rowsEstimated;
          spent.rows += estimate.rows;
          spent.searchRows += estimate.searchRows;
          if (spent.rows > limits.maxRows) {
            throw limitExceeded(
              'rows',
              limits.maxRows,
              `This request can return about ${spent.rows} rows, more than the ${limits.maxRows} one request may: ask for smaller pages`,
            );
          }
          const { code, constraints } = contextValue.caller.scenario;
          if (constraints.maxRows !== undefined && spent.searchRows > constraints.maxRows) {
            throw refuseRequest(
              'FORBIDDEN',
              `Scenario "${code}" reads at most ${constraints.maxRows} rows per request: this request's searches ask for ${spent.searchRows}`,
              {
                constraint: 'maxRows',
                maxRows: constraints.maxRows,
              },
            );
          }
        },
      };
    },
  };
  return { plugin, parseOptions: { maxTokens: limits.maxTokens }, maxBatch: limits.maxBatch };
}
