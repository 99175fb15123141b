import type { RequestContextClaims } from '@civicgraph/policy';
import type { License } from '@civicgraph/prisma/e-license';
import { outsideConstraint, type RowRule } from '@civicgraph/subgraph-kit';

/**
 * Under "self only", the licenses the subject citizen holds. Licenses carry no district: a "districts"
 * scenario reaches them only through a holder the holder's owner has already let through.
 */
export const licenseRule: RowRule<License> = (license, { subject, constraints }) =>
  constraints.selfOnly && (license.holderKind !== 'PERSON' || license.holderIdentifier !== subject) ? 'selfOnly' : null;

/**
 * Root lookups (by identifier or holder) under a "districts" scenario would skip the holder's owner, so
 * they are refused; nested license lists under a visible holder are served.
 */
export function requireRootLookupAllowed(caller: RequestContextClaims): void {
  if (caller.constraints.districts) throw outsideConstraint('License lookup', 'districts', caller);
}

/** Under "self only", only the subject's own identifier may be looked up. */
export function requireHolderAllowed(caller: RequestContextClaims, holderIdentifier: string): void {
  if (caller.constraints.selfOnly && holderIdentifier !== caller.subject) throw outsideConstraint('holder', 'selfOnly', caller);
}
