import type { KeyObject } from 'node:crypto';
import { claimsForTests, signRequestContext, type MaskKind, type RowConstraints } from '@civicgraph/policy';
import type { InProcessSubgraph } from './serveSubgraph';

export interface AskOptions {
  grants: string[];
  masks?: Record<string, MaskKind>;
  constraints?: RowConstraints;
  /** Instead of a context signed with the gateway's key for these grants (both headers, see signRequestContext); null sends none. */
  context?: Record<string, string> | null;
  /** The request's deadline, ms since the epoch, bound to the context as the gateway binds it. */
  deadline?: number;
}

export interface Answer {
  status: number;
  data?: Record<string, unknown> | null;
  errors?: { message: string; path?: (string | number)[]; extensions?: Record<string, unknown> }[];
}

/**
 * For a subgraph's own tests: asks a subgraph started in process, as the gateway would, under a context
 * signed for the given grants, masks and row constraints.
 */
export function askForTests(served: InProcessSubgraph, gatewayKey: KeyObject, audience: string) {
  return async (query: string, options: AskOptions): Promise<Answer> => {
    const claims = { ...claimsForTests(options.constraints ?? {}), grants: options.grants, masks: options.masks ?? {} };
    const context = options.context === undefined ? await signRequestContext(claims, gatewayKey, { audience, deadline: options.deadline }) : options.context;
    const answer = await served.execute({ headers: { ...(context ?? {}) }, body: { query } });
    // Through JSON, as the gateway would read it over HTTP.
    return { status: answer.status, ...(JSON.parse(JSON.stringify(answer.result)) as Omit<Answer, 'status'>) };
  };
}
