import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, SignJWT } from 'jose';
import { DEV_IDENTITY_PROVIDER, generateIdentityProviderKey, mintSubjectToken, verifySubjectToken, type SubjectTokenVerifier } from '../index';

const CITIZEN = '310101199003071230';
const idp = generateIdentityProviderKey();
const verifier: SubjectTokenVerifier = { publicKey: idp.publicKey, issuer: DEV_IDENTITY_PROVIDER };
const now = () => Math.floor(Date.now() / 1000);

/** A token with exactly these time claims (null leaves one out). */
function tokenWith(claims: { iat: number | null; exp: number }, key = idp.privateKey, kid?: string): Promise<string> {
  const jwt = new SignJWT({})
    .setProtectedHeader({ alg: 'EdDSA', ...(kid ? { kid } : {}) })
    .setSubject(CITIZEN)
    .setIssuer(DEV_IDENTITY_PROVIDER)
    .setAudience('civicgraph')
    .setExpirationTime(claims.exp);
  if (claims.iat !== null) jwt.setIssuedAt(claims.iat);
  return jwt.sign(key);
}

describe('subject tokens', () => {
  it('accepts a token from the identity provider and returns the citizen', async () => {
    await expect(verifySubjectToken(await mintSubjectToken(CITIZEN, idp.privateKey), verifier)).resolves.toBe(CITIZEN);
  });

  it('mints a token whose lifetime is exactly the one asked for, even when minting straddles a second', async () => {
    // Every reading of the clock moves it on by one millisecond, starting a millisecond before a second turns.
    const RealDate = Date;
    let reading = 1_800_000_000_999;
    class SteppingDate extends RealDate {
      constructor(...args: unknown[]) {
        if (args.length === 0) super(reading++);
        else super(...(args as [number]));
      }
      static override now = () => reading++;
    }
    globalThis.Date = SteppingDate as DateConstructor;
    try {
      const token = await mintSubjectToken(CITIZEN, idp.privateKey);
      const claims = JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString()) as { iat: number; exp: number };
      expect(claims.exp - claims.iat).toBe(3600);
    } finally {
      globalThis.Date = RealDate;
    }
  });

  it.each([
    [
      'a ten-year lifetime',
      { iat: now(), exp: now() + 10 * 365 * 86_400 },
      'The subject token lives longer than 3600 seconds (exp − iat); ask the identity provider for a shorter-lived one',
    ],
    ['no iat', { iat: null, exp: now() + 600 }, "The subject token's iat claim is not accepted"],
    ['an iat in the future', { iat: now() + 600, exp: now() + 1200 }, "The subject token's iat claim is not accepted"],
    ['an iat older than the longest lifetime', { iat: now() - 4000, exp: now() + 600 }, 'The subject token was issued more than 3600 seconds ago'],
    ['an expired token', { iat: now() - 1200, exp: now() - 600 }, 'The subject token has expired'],
  ])('refuses %s', async (_case, claims, message) => {
    await expect(verifySubjectToken(await tokenWith(claims), verifier)).rejects.toThrow(message);
  });

  it('takes the longest lifetime from the verifier', async () => {
    const token = await tokenWith({ iat: now(), exp: now() + 7200 });
    await expect(verifySubjectToken(token, verifier)).rejects.toThrow('lives longer than 3600 seconds');
    await expect(verifySubjectToken(token, { ...verifier, maxLifetimeSeconds: 7200 })).resolves.toBe(CITIZEN);
  });

  describe('keys from a JWKS URL', () => {
    let server: Server;
    let jwksUrl: string;
    beforeAll(async () => {
      const jwk = { ...(await exportJWK(idp.publicKey)), kid: 'idp-2026', alg: 'EdDSA', use: 'sig' };
      server = createServer((_req, res) => res.setHeader('content-type', 'application/json').end(JSON.stringify({ keys: [jwk] })));
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      jwksUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/.well-known/jwks.json`;
    });
    afterAll(() => new Promise((resolve) => server.close(resolve)));

    it('verifies a token signed with a published key, and refuses one signed with another', async () => {
      const remote: SubjectTokenVerifier = { jwksUrl, issuer: DEV_IDENTITY_PROVIDER };
      await expect(verifySubjectToken(await tokenWith({ iat: now(), exp: now() + 600 }, idp.privateKey, 'idp-2026'), remote)).resolves.toBe(CITIZEN);
      const stranger = generateIdentityProviderKey();
      await expect(verifySubjectToken(await tokenWith({ iat: now(), exp: now() + 600 }, stranger.privateKey, 'idp-2026'), remote)).rejects.toThrow(
        'The subject token is not a valid token from the configured identity provider',
      );
    });
  });
});
