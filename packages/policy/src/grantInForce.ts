/** What deciding whether a grant counts needs of it. */
export interface DatedGrant {
  coordinate: string;
  expiresAt: Date | null;
}

/** A grant is current until its expiry (or for good without one). */
export function isGrantCurrent(grant: Pick<DatedGrant, 'expiresAt'>, at: Date): boolean {
  return grant.expiresAt === null || grant.expiresAt > at;
}

/**
 * Whether a grant is in force at `at`: it exists, has not expired, and its coordinate is not on the
 * negative list (never served, whatever a grant row says). The one place that decides it: the gateway's
 * authorization check, the scenario's own schema, the grants each subgraph is told about and the
 * governance checks all ask here.
 */
export function isGrantInForce<G extends DatedGrant>(grant: G | undefined, at: Date, neverGranted: ReadonlySet<string>): grant is G {
  return grant !== undefined && !neverGranted.has(grant.coordinate) && isGrantCurrent(grant, at);
}
