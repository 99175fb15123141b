import type { IncomingHttpHeaders } from 'node:http';
import type { FormattedExecutionResult } from 'graphql';

/**
 * One request from the gateway to a subgraph, its JSON body already parsed: what a subgraph executes,
 * whether it came over HTTP or from a gateway in the same process (which hands over its objects as they are).
 */
export interface SubgraphCall {
  /** Lower-case names: the signed context, its binding, `x-request-id`, `traceparent`. */
  headers: IncomingHttpHeaders;
  /** `{ query, variables?, operationName? }`, as sent; checked by the subgraph. */
  body: unknown;
}

/** A subgraph's answer to a SubgraphCall, before any serialization. */
export interface SubgraphAnswer {
  status: number;
  headers: Record<string, string>;
  result: FormattedExecutionResult;
}

/** The executor every subgraph serves its SubgraphCalls with, over HTTP or in process. */
export type SubgraphExecutor = (call: SubgraphCall) => Promise<SubgraphAnswer>;
