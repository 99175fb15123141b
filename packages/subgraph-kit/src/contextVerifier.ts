import type { KeyObject } from 'node:crypto';
import { verifyRequestContext, type VerifiedRequestContext } from '@civicgraph/policy';

export interface VerifiedCaller {
  claims: VerifiedRequestContext;
  /** `claims.grants` as a set. */
  grants: ReadonlySet<string>;
}

/**
 * Verifies the gateway's signed context for one subgraph. A request's plan may send the subgraph several
 * fetches with the same token: each token is verified (and its grant set built) once, and reused until it
 * expires; at most `maxEntries` are kept, oldest out first.
 */
export function createContextVerifier(contextKey: KeyObject | readonly KeyObject[], audience: string, maxEntries = 1_000) {
  const verified = new Map<string, VerifiedCaller>();
  return async (token: string | undefined): Promise<VerifiedCaller> => {
    const hit = token ? verified.get(token) : undefined;
    if (hit && hit.claims.expiresAt > Date.now()) return hit;
    const claims = await verifyRequestContext(token, contextKey, audience);
    const entry = { claims, grants: new Set(claims.grants) };
    if (verified.size >= maxEntries) verified.delete(verified.keys().next().value!);
    verified.set(token!, entry);
    return entry;
  };
}
