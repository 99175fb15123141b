import { isGrantInForce } from '../index';

describe('isGrantInForce: the one rule for which grants count', () => {
  const at = new Date('2026-12-03T08:00:00Z');
  const grant = (coordinate: string, expiresAt: string | null = null) => ({ coordinate, mask: null, expiresAt: expiresAt ? new Date(expiresAt) : null });

  it('counts a grant without expiry, or expiring later', () => {
    expect(isGrantInForce(grant('Person.name'), at, new Set())).toBe(true);
    expect(isGrantInForce(grant('Person.name', '2026-12-03T08:00:01Z'), at, new Set())).toBe(true);
  });

  it('does not count a missing grant, an expired one, or one on the negative list', () => {
    expect(isGrantInForce(undefined, at, new Set())).toBe(false);
    expect(isGrantInForce(grant('Person.name', '2026-12-03T08:00:00Z'), at, new Set())).toBe(false);
    expect(isGrantInForce(grant('Person.religion'), at, new Set(['Person.religion']))).toBe(false);
  });
});
