import type { RowConstraints } from './rowConstraintsSchema';
import type { RequestContextClaims } from './signedContext';

/** Request context claims as a test needs them: the row constraints and subject under test, the rest neutral. */
export function claimsForTests(constraints: RowConstraints, subject: string | null = null): RequestContextClaims {
  return { requestId: 'r', app: 'a', department: 'D', scenario: 's', grantVersion: 1, subject, useReason: null, grants: [], masks: {}, constraints };
}
