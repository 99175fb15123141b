import { randomBytes } from 'node:crypto';
import { inProcessAssertions, type Assertions } from './inProcessAssertion';

/**
 * The change feeds' dispatcher's word to the gateway (`X-CivicGraph-Feed`): this request re-reads a changed
 * record for a subscription of this application under this scenario. The dispatcher holds no application's
 * key; it mints one assertion per re-read with a secret it shares only with the gateway, and the gateway
 * resolves the caller to the application and scenario exactly as a key would (bound, in force), so a pushed
 * event is authorized, budgeted and logged like any read.
 */
export const FEED_HEADER = 'x-civicgraph-feed';

export interface FeedClaims {
  applicationId: string;
  scenario: string;
  subscriptionId: string;
}

export class FeedAssertionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'FeedAssertionError';
  }
}

export type FeedAssertions = Assertions<FeedClaims>;

/** A fresh pair of signer and verifier sharing a random secret: made once per process, given to the dispatcher and the gateway. */
export function createFeedAssertions(secret: Uint8Array = randomBytes(32)): FeedAssertions {
  return inProcessAssertions<FeedClaims>(
    { issuer: 'civicgraph-feeds', name: 'feed' },
    secret,
    ({ applicationId, scenario, subscriptionId }) => ({ subject: applicationId, fields: { scn: scenario, sub_id: subscriptionId } }),
    (payload) =>
      typeof payload.scn === 'string' && typeof payload.sub_id === 'string'
        ? { applicationId: payload.sub, scenario: payload.scn, subscriptionId: payload.sub_id }
        : null,
    (message) => new FeedAssertionError(message),
  );
}
