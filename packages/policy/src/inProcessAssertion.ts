import { errors, jwtVerify, SignJWT, type JWTPayload } from 'jose';

/** Long enough for one request through the gateway, too short to be worth keeping. */
const LIFETIME_SECONDS = 60;
const AUDIENCE = 'civicgraph-gateway';

export interface Assertions<Claims> {
  sign(claims: Claims): Promise<string>;
  verify(token: string): Promise<Claims>;
}

/**
 * The word of a service in the gateway's own process about who a request is for (the console's person, the
 * change feeds' subscriber): a JWT under HS256 with a secret only the two share, for one issuer, a minute long.
 * `write` puts the claims in the token (its subject and fields); `read` takes them back, or null when they are
 * not all there; `fail` makes the kind's error from a message.
 */
export function inProcessAssertions<Claims>(
  kind: { issuer: string; name: string },
  secret: Uint8Array,
  write: (claims: Claims) => { subject: string; fields: Record<string, string> },
  read: (payload: JWTPayload & { sub: string }) => Claims | null,
  fail: (message: string) => Error,
): Assertions<Claims> {
  return {
    sign(claims) {
      const { subject, fields } = write(claims);
      return new SignJWT(fields)
        .setProtectedHeader({ alg: 'HS256' })
        .setSubject(subject)
        .setIssuer(kind.issuer)
        .setAudience(AUDIENCE)
        .setIssuedAt()
        .setExpirationTime(`${LIFETIME_SECONDS}s`)
        .sign(secret);
    },
    async verify(token) {
      let payload: JWTPayload;
      try {
        ({ payload } = await jwtVerify(token, secret, { issuer: kind.issuer, audience: AUDIENCE, algorithms: ['HS256'], maxTokenAge: LIFETIME_SECONDS }));
      } catch (error) {
        throw fail(error instanceof errors.JWTExpired ? `The ${kind.name} assertion has expired` : `The ${kind.name} assertion is not valid`);
      }
      const claims = typeof payload.sub === 'string' ? read(payload as JWTPayload & { sub: string }) : null;
      if (!claims) throw fail(`The ${kind.name} assertion lacks its claims`);
      return claims;
    },
  };
}
