import { verifyBinding, verifySharedContext, type ContextTrust, type VerifiedRequestContext, type VerifiedSharedContext } from '@civicgraph/policy';

export interface VerifiedCaller {
  claims: VerifiedRequestContext;
  /** `claims.grants` as a set. */
  grants: ReadonlySet<string>;
}

/**
 * Verifies the gateway's context for one subgraph. The gateway reuses a signed context across the requests
 * of one caller, scenario version, subject and use reason: its signature is verified (and its grant set
 * built) once and kept until it expires — at most `maxEntries`, oldest out first — while the binding to the
 * request (a MAC, see bindContext) is checked on every fetch.
 */
export function createContextVerifier(trust: ContextTrust, audience: string, maxEntries = 1_000) {
  const verified = new Map<string, { shared: VerifiedSharedContext; grants: ReadonlySet<string> }>();
  return async (token: string | undefined, binding: string | undefined): Promise<VerifiedCaller> => {
    let entry = token ? verified.get(token) : undefined;
    if (!entry || entry.shared.expiresAt <= Date.now()) {
      const shared = verifySharedContext(token, trust.publicKeys, audience);
      entry = { shared, grants: new Set(shared.grants) };
      verified.delete(token!);
      if (verified.size >= maxEntries) verified.delete(verified.keys().next().value!);
      verified.set(token!, entry);
    }
    const { requestId, deadline } = verifyBinding(binding, entry.shared.contextId, trust.bindingKeys);
    return { claims: { ...entry.shared, requestId, deadline }, grants: entry.grants };
  };
}
