import {
  BINDING_HEADER,
  CONTEXT_HEADER,
  bindContext,
  claimsForTests,
  contextBindingKey,
  contextTrustFor,
  generateContextSigningKey,
  signRequestContext,
  signSharedContext,
} from '@civicgraph/policy';
import { createContextVerifier } from '../contextVerifier';

describe('the subgraph side of the signed context', () => {
  const gateway = generateContextSigningKey();
  const trust = contextTrustFor(gateway, 'population');
  const { requestId: _requestId, ...claims } = { ...claimsForTests({ districts: ['310101'] }), grants: ['Query.person', 'Person.name'] };

  it('accepts a context the gateway signed for this subgraph, verifies its signature once, and checks each binding', async () => {
    const verify = createContextVerifier(trust, 'population');
    const signed = signSharedContext(claims, gateway.privateKey, { audience: 'population' });
    const key = contextBindingKey(gateway.privateKey, 'population');
    const first = await verify(signed.token, bindContext(signed, { requestId: 'req-1', deadline: 7 }, key));
    expect(first.claims).toMatchObject({ requestId: 'req-1', deadline: 7, constraints: { districts: ['310101'] }, grants: ['Query.person', 'Person.name'] });
    expect([...first.grants]).toEqual(['Query.person', 'Person.name']);
    const second = await verify(signed.token, bindContext(signed, { requestId: 'req-2' }, key));
    expect(second.claims).toMatchObject({ requestId: 'req-2', deadline: undefined });
    expect(second.grants).toBe(first.grants);
    // The cached signature does not excuse a binding: one made for another request is refused every time.
    const forRequestOne = bindContext(signed, { requestId: 'req-1', deadline: 7 }, key);
    await expect(verify(signed.token, forRequestOne.replace(/^[^.]+/, Buffer.from('req-3').toString('base64url')))).rejects.toMatchObject({
      reason: 'INVALID',
    });
    await expect(verify(signed.token, undefined)).rejects.toMatchObject({ reason: 'MISSING' });
  });

  it.each([
    ['no token', async () => ({}), 'MISSING'],
    ['a token for another subgraph', () => signRequestContext({ ...claims, requestId: 'r' }, gateway.privateKey, { audience: 'spatial' }), 'INVALID'],
    [
      'a token signed by another key',
      () => signRequestContext({ ...claims, requestId: 'r' }, generateContextSigningKey().privateKey, { audience: 'population' }),
      'INVALID',
    ],
    ['an expired token', () => signRequestContext({ ...claims, requestId: 'r' }, gateway.privateKey, { audience: 'population', ttlSeconds: -10 }), 'EXPIRED'],
  ])('refuses %s', async (_case, headers, reason) => {
    const verify = createContextVerifier(trust, 'population');
    const sent: Record<string, string> = await headers();
    await expect(verify(sent[CONTEXT_HEADER], sent[BINDING_HEADER])).rejects.toMatchObject({ reason });
  });
});
