import { SignJWT } from 'jose';
import {
  BINDING_HEADER,
  CONTEXT_HEADER,
  bindContext,
  contextBindingKey,
  contextBindingKeysFromText,
  contextPublicKeysFromPem,
  contextTrustFor,
  generateContextSigningKey,
  signRequestContext,
  signSharedContext,
  verifyRequestContext,
  type RequestContextClaims,
} from '../index';

const claims: RequestContextClaims = {
  requestId: 'req-1',
  app: 'app-newborn',
  department: 'SH-HEALTH',
  scenario: 'newborn-registration',
  grantVersion: 7,
  subject: '310101199003071230',
  useReason: 'Birth registration case 2026-0042',
  person: 'wang.fang',
  grants: ['Person.name', 'Person.idNumber', 'Query.personByIdNumber'],
  masks: { 'Person.idNumber': 'ID_NUMBER' },
  constraints: { selfOnly: true, maxRows: 10 },
};
const { requestId: _requestId, ...shared } = claims;

describe('signed request context', () => {
  const gateway = generateContextSigningKey();
  const trust = contextTrustFor(gateway, 'population');

  it('round-trips the claims for the audience it was signed for, bound to one request', async () => {
    const headers = await signRequestContext(claims, gateway.privateKey, { audience: 'population', deadline: 1_800_000_000_000 });
    const verified = await verifyRequestContext(headers, trust, 'population');
    expect(verified).toEqual({ ...claims, apiKey: undefined, contextId: expect.any(String), expiresAt: expect.any(Number), deadline: 1_800_000_000_000 });
    expect(verified.expiresAt - Date.now()).toBeGreaterThan(25_000);
    expect(verified.expiresAt - Date.now()).toBeLessThanOrEqual(30_000);
  });

  it('carries the API key id only as the gateway signed it', async () => {
    const withKey = await signRequestContext({ ...claims, apiKey: 'key-1' }, gateway.privateKey, { audience: 'population' });
    expect(await verifyRequestContext(withKey, trust, 'population')).toMatchObject({ apiKey: 'key-1' });
    // The same claim changed by anyone else breaks the signature.
    const [header, payload, signature] = withKey[CONTEXT_HEADER]!.split('.');
    const forged = Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(payload!, 'base64url').toString()), key: 'key-2' })).toString('base64url');
    await expect(verifyRequestContext({ ...withKey, [CONTEXT_HEADER]: `${header}.${forged}.${signature}` }, trust, 'population')).rejects.toMatchObject({
      reason: 'INVALID',
    });
  });

  it.each([
    ['missing', async () => ({}), 'MISSING'],
    ['forged (another key)', () => signRequestContext(claims, generateContextSigningKey().privateKey, { audience: 'population' }), 'INVALID'],
    ['for another subgraph', () => signRequestContext(claims, gateway.privateKey, { audience: 'e-license' }), 'INVALID'],
    ['expired', () => signRequestContext(claims, gateway.privateKey, { audience: 'population', ttlSeconds: -10 }), 'EXPIRED'],
    [
      'tampered',
      async () => {
        const headers = await signRequestContext(claims, gateway.privateKey, { audience: 'population' });
        return { ...headers, [CONTEXT_HEADER]: headers[CONTEXT_HEADER]!.replace(/\.(.)/, '.x') };
      },
      'INVALID',
    ],
    ['garbage', async () => ({ [CONTEXT_HEADER]: 'not.a.token' }), 'INVALID'],
    [
      'another kind of token signed with the same key',
      async () => ({
        [CONTEXT_HEADER]: await new SignJWT({ grt: claims.grants })
          .setProtectedHeader({ alg: 'EdDSA', typ: 'JWT' })
          .setIssuer('civicgraph-gateway')
          .setAudience('population')
          .setJti('req-1')
          .setIssuedAt()
          .setExpirationTime('30s')
          .sign(gateway.privateKey),
      }),
      'INVALID',
    ],
  ])('refuses a context that is %s', async (_case, make, reason) => {
    await expect(verifyRequestContext(await make(), trust, 'population')).rejects.toMatchObject({ reason });
  });

  describe('one signed context, reused, bound to each request', () => {
    const signed = signSharedContext(shared, gateway.privateKey, { audience: 'population' });
    const key = contextBindingKey(gateway.privateKey, 'population');
    const headersFor = (binding: string) => ({ [CONTEXT_HEADER]: signed.token, [BINDING_HEADER]: binding });

    it('serves each request it is bound to, under that request id and deadline', async () => {
      for (const requestId of ['req-a', 'req-b']) {
        const verified = await verifyRequestContext(headersFor(bindContext(signed, { requestId, deadline: 42 }, key)), trust, 'population');
        expect(verified).toMatchObject({ requestId, deadline: 42, contextId: signed.id, scenario: 'newborn-registration' });
      }
      const noDeadline = await verifyRequestContext(headersFor(bindContext(signed, { requestId: 'req-c' }, key)), trust, 'population');
      expect(noDeadline).toMatchObject({ requestId: 'req-c', deadline: undefined });
    });

    it('refuses a binding that is missing, altered, made for another context, or made with another key', async () => {
      const good = bindContext(signed, { requestId: 'req-a', deadline: 42 }, key);
      const [id, deadline, mac] = good.split('.');
      const other = signSharedContext(shared, gateway.privateKey, { audience: 'population' });
      const refusals: [string | undefined, string][] = [
        [undefined, 'MISSING'],
        [`${Buffer.from('req-b').toString('base64url')}.${deadline}.${mac}`, 'INVALID'],
        [`${id}.43.${mac}`, 'INVALID'],
        [`${id}..${mac}`, 'INVALID'],
        [bindContext(other, { requestId: 'req-a', deadline: 42 }, key), 'INVALID'],
        [bindContext(signed, { requestId: 'req-a', deadline: 42 }, contextBindingKey(gateway.privateKey, 'e-license')), 'INVALID'],
        [bindContext(signed, { requestId: 'req-a', deadline: 42 }, contextBindingKey(generateContextSigningKey().privateKey, 'population')), 'INVALID'],
        [`${good}.extra`, 'INVALID'],
        ['garbage', 'INVALID'],
      ];
      for (const [binding, reason] of refusals) {
        await expect(
          verifyRequestContext({ [CONTEXT_HEADER]: signed.token, ...(binding ? { [BINDING_HEADER]: binding } : {}) }, trust, 'population'),
        ).rejects.toMatchObject({
          reason,
        });
      }
    });
  });

  it('trusts every key of a rotation (the new one first), and only those', async () => {
    const next = generateContextSigningKey();
    const pem = [next, gateway].map((k) => k.publicKey.export({ type: 'spki', format: 'pem' }).toString()).join('');
    const keys = contextPublicKeysFromPem(pem);
    expect(keys).toHaveLength(2);
    const bindingText = [next, gateway].map((k) => contextBindingKey(k.privateKey, 'population').toString('base64url')).join('\n');
    const rotation = { publicKeys: keys, bindingKeys: contextBindingKeysFromText(`# population\n${bindingText}\n`) };
    for (const signer of [next, gateway]) {
      const headers = await signRequestContext(claims, signer.privateKey, { audience: 'population' });
      await expect(verifyRequestContext(headers, rotation, 'population')).resolves.toMatchObject({ scenario: 'newborn-registration' });
    }
    const stranger = await signRequestContext(claims, generateContextSigningKey().privateKey, { audience: 'population' });
    await expect(verifyRequestContext(stranger, rotation, 'population')).rejects.toMatchObject({ reason: 'INVALID' });
    // Past the first key, only a bad signature moves on: an expired context stays expired.
    const expired = await signRequestContext(claims, gateway.privateKey, { audience: 'population', ttlSeconds: -10 });
    await expect(verifyRequestContext(expired, rotation, 'population')).rejects.toMatchObject({ reason: 'EXPIRED' });
    expect(() => contextPublicKeysFromPem('nothing here')).toThrow('no PEM public key');
    expect(() => contextBindingKeysFromText('short')).toThrow('32-byte');
  });
});
