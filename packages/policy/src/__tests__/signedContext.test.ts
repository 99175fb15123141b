import { SignJWT } from 'jose';
import { contextPublicKeysFromPem, generateContextSigningKey, signRequestContext, verifyRequestContext, type RequestContextClaims } from '../index';

const claims: RequestContextClaims = {
  requestId: 'req-1',
  app: 'app-newborn',
  department: 'SH-HEALTH',
  scenario: 'newborn-registration',
  grantVersion: 7,
  subject: '310101199003071230',
  useReason: 'Birth registration case 2026-0042',
  grants: ['Person.name', 'Person.idNumber', 'Query.personByIdNumber'],
  masks: { 'Person.idNumber': 'ID_NUMBER' },
  constraints: { selfOnly: true, maxRows: 10 },
};

describe('signed request context', () => {
  const gateway = generateContextSigningKey();

  it('round-trips the claims for the audience it was signed for', async () => {
    const token = await signRequestContext(claims, gateway.privateKey, { audience: 'population' });
    const verified = await verifyRequestContext(token, gateway.publicKey, 'population');
    expect(verified).toEqual({ ...claims, apiKey: undefined, expiresAt: expect.any(Number) });
    expect(verified.expiresAt - Date.now()).toBeGreaterThan(25_000);
    expect(verified.expiresAt - Date.now()).toBeLessThanOrEqual(30_000);
  });

  it('carries the API key id only as the gateway signed it', async () => {
    const withKey = await signRequestContext({ ...claims, apiKey: 'key-1' }, gateway.privateKey, { audience: 'population' });
    expect(await verifyRequestContext(withKey, gateway.publicKey, 'population')).toMatchObject({ apiKey: 'key-1' });
    // The same claim changed by anyone else breaks the signature.
    const [header, payload, signature] = withKey.split('.');
    const forged = Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(payload!, 'base64url').toString()), key: 'key-2' })).toString('base64url');
    await expect(verifyRequestContext(`${header}.${forged}.${signature}`, gateway.publicKey, 'population')).rejects.toMatchObject({ reason: 'INVALID' });
  });

  it.each([
    ['missing', async () => undefined, 'MISSING'],
    ['forged (another key)', async () => signRequestContext(claims, generateContextSigningKey().privateKey, { audience: 'population' }), 'INVALID'],
    ['for another subgraph', async () => signRequestContext(claims, gateway.privateKey, { audience: 'e-license' }), 'INVALID'],
    ['expired', async () => signRequestContext(claims, gateway.privateKey, { audience: 'population', ttlSeconds: -10 }), 'EXPIRED'],
    ['tampered', async () => (await signRequestContext(claims, gateway.privateKey, { audience: 'population' })).replace(/\.(.)/, '.x'), 'INVALID'],
    ['garbage', async () => 'not.a.token', 'INVALID'],
    [
      'another kind of token signed with the same key',
      async () =>
        new SignJWT({ grt: claims.grants })
          .setProtectedHeader({ alg: 'EdDSA', typ: 'JWT' })
          .setIssuer('civicgraph-gateway')
          .setAudience('population')
          .setJti('req-1')
          .setIssuedAt()
          .setExpirationTime('30s')
          .sign(gateway.privateKey),
      'INVALID',
    ],
  ])('refuses a context that is %s', async (_case, make, reason) => {
    await expect(verifyRequestContext(await make(), gateway.publicKey, 'population')).rejects.toMatchObject({ reason });
  });

  it('trusts every key of a rotation (the new one first), and only those', async () => {
    const next = generateContextSigningKey();
    const pem = [next, gateway].map((k) => k.publicKey.export({ type: 'spki', format: 'pem' }).toString()).join('');
    const keys = contextPublicKeysFromPem(pem);
    expect(keys).toHaveLength(2);
    for (const signer of [next, gateway]) {
      const token = await signRequestContext(claims, signer.privateKey, { audience: 'population' });
      await expect(verifyRequestContext(token, keys, 'population')).resolves.toMatchObject({ scenario: 'newborn-registration' });
    }
    const stranger = await signRequestContext(claims, generateContextSigningKey().privateKey, { audience: 'population' });
    await expect(verifyRequestContext(stranger, keys, 'population')).rejects.toMatchObject({ reason: 'INVALID' });
    // Past the first key, only a bad signature moves on: an expired context stays expired.
    const expired = await signRequestContext(claims, gateway.privateKey, { audience: 'population', ttlSeconds: -10 });
    await expect(verifyRequestContext(expired, keys, 'population')).rejects.toMatchObject({ reason: 'EXPIRED' });
    expect(() => contextPublicKeysFromPem('nothing here')).toThrow('no PEM public key');
  });
});
