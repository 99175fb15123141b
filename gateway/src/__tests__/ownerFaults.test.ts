import { parse } from 'graphql';
import { ownerUnavailable } from '@civicgraph/errors';
import { locatedAtOwnerFields } from '../ownerFaults';
import { BreakerOpen, createOwnerBreakers } from '../ownerBreakers';

describe('locatedAtOwnerFields', () => {
  const fault = ownerUnavailable('e-license', 5);

  it('puts one error at each root field of a root fetch', () => {
    const document = parse('query { license(identifier: "x") { name } byHolder: licensesByHolder(holderIdentifier: "y") { name } __typename }');
    expect(locatedAtOwnerFields(fault, document, {}).map((e) => e.path)).toEqual([['license'], ['byHolder']]);
  });

  it('puts one error at each field of each entity of an entity fetch, by the entity type', () => {
    const document = parse(`query($representations: [_Any!]!) { _entities(representations: $representations) {
      ... on Person { licenses { name } } ... on LegalEntity { ...held } } }
      fragment held on LegalEntity { licenses { name } count: __typename }`);
    const variables = {
      representations: [
        { __typename: 'Person', id: '1' },
        { __typename: 'LegalEntity', id: '2' },
      ],
    };
    const errors = locatedAtOwnerFields(fault, document, variables);
    expect(errors.map((e) => e.path)).toEqual([
      ['_entities', 0, 'licenses'],
      ['_entities', 1, 'licenses'],
    ]);
    expect(errors[0]!.extensions).toEqual(expect.objectContaining({ code: 'OWNER_UNAVAILABLE', owner: 'e-license', retryAfter: 5 }));
  });
});

describe('owner circuit breakers', () => {
  const outage = new Error('connect ECONNREFUSED');
  const fails = () => Promise.reject(outage);

  it('open after the failures in the window, fail fast without calling the owner, and close after a successful probe', async () => {
    const breakers = createOwnerBreakers(() => true, { volumeThreshold: 3, resetTimeoutMs: 200 });
    try {
      for (let i = 0; i < 3; i++) await expect(breakers.guard('spatial', fails)).rejects.toBe(outage);
      expect(breakers.unavailable()).toEqual(['spatial']);
      let called = false;
      await expect(breakers.guard('spatial', async () => void (called = true))).rejects.toBeInstanceOf(BreakerOpen);
      expect(called).toBe(false);
      // Other owners are unaffected.
      await expect(breakers.guard('population', async () => 'ok')).resolves.toBe('ok');
      await new Promise((resolve) => setTimeout(resolve, 250));
      await expect(breakers.guard('spatial', async () => 'back')).resolves.toBe('back');
      expect(breakers.unavailable()).toEqual([]);
    } finally {
      breakers.close();
    }
  });

  it('do not count answers that are not outages', async () => {
    const breakers = createOwnerBreakers((error) => error === outage, { volumeThreshold: 2 });
    try {
      const refused = new Error('bad argument');
      for (let i = 0; i < 5; i++) await expect(breakers.guard('spatial', () => Promise.reject(refused))).rejects.toBe(refused);
      expect(breakers.unavailable()).toEqual([]);
    } finally {
      breakers.close();
    }
  });
});
