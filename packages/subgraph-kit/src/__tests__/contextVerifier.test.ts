import { claimsForTests, generateContextSigningKey, signRequestContext } from '@civicgraph/policy';
import { createContextVerifier } from '../contextVerifier';

describe('the subgraph side of the signed context', () => {
  const gateway = generateContextSigningKey();
  const claims = { ...claimsForTests({ districts: ['310101'] }), grants: ['Query.person', 'Person.name'] };

  it('accepts a context the gateway signed for this subgraph, with its grants as a set, and reuses the verdict', async () => {
    const verify = createContextVerifier(gateway.publicKey, 'population');
    const token = await signRequestContext(claims, gateway.privateKey, { audience: 'population' });
    const first = await verify(token);
    expect(first.claims).toMatchObject({ constraints: { districts: ['310101'] }, grants: ['Query.person', 'Person.name'] });
    expect([...first.grants]).toEqual(['Query.person', 'Person.name']);
    expect(await verify(token)).toBe(first);
  });

  it.each([
    ['no token', async () => undefined, 'MISSING'],
    ['a token for another subgraph', () => signRequestContext(claims, gateway.privateKey, { audience: 'spatial' }), 'INVALID'],
    ['a token signed by another key', () => signRequestContext(claims, generateContextSigningKey().privateKey, { audience: 'population' }), 'INVALID'],
    ['an expired token', () => signRequestContext(claims, gateway.privateKey, { audience: 'population', ttlSeconds: -10 }), 'EXPIRED'],
  ])('refuses %s', async (_case, token, reason) => {
    const verify = createContextVerifier(gateway.publicKey, 'population');
    await expect(verify(await token())).rejects.toMatchObject({ reason });
  });
});
