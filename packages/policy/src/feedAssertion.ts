import { randomBytes } from 'node:crypto';
import { errors, jwtVerify, SignJWT } from 'jose';

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

const ISSUER = 'civicgraph-feeds';
const AUDIENCE = 'civicgraph-gateway';
/** Long enough for one re-read, too short to be worth keeping. */
const LIFETIME_SECONDS = 60;

export class FeedAssertionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'FeedAssertionError';
  }
}

export interface FeedAssertions {
  sign(claims: FeedClaims): Promise<string>;
  verify(token: string): Promise<FeedClaims>;
}

/** A fresh pair of signer and verifier sharing a random secret: made once per process, given to the dispatcher and the gateway. */
export function createFeedAssertions(secret: Uint8Array = randomBytes(32)): FeedAssertions {
  return {
    sign: ({ applicationId, scenario, subscriptionId }) =>
      new SignJWT({ scn: scenario, sub_id: subscriptionId })
        .setProtectedHeader({ alg: 'HS256' })
        .setSubject(applicationId)
        .setIssuer(ISSUER)
        .setAudience(AUDIENCE)
        .setIssuedAt()
        .setExpirationTime(`${LIFETIME_SECONDS}s`)
        .sign(secret),
    async verify(token) {
      try {
        const { payload } = await jwtVerify(token, secret, { issuer: ISSUER, audience: AUDIENCE, algorithms: ['HS256'], maxTokenAge: LIFETIME_SECONDS });
        if (typeof payload.sub !== 'string' || typeof payload.scn !== 'string' || typeof payload.sub_id !== 'string')
          throw new FeedAssertionError('The feed assertion lacks its claims');
        return { applicationId: payload.sub, scenario: payload.scn, subscriptionId: payload.sub_id };
      } catch (error) {
        if (error instanceof FeedAssertionError) throw error;
        throw new FeedAssertionError(error instanceof errors.JWTExpired ? 'The feed assertion has expired' : 'The feed assertion is not valid');
      }
    },
  };
}
