import { claimsForTests } from '@civicgraph/policy';
import type { License } from '@civicgraph/prisma/e-license';
import { licenseRule, requireHolderAllowed, requireRootLookupAllowed } from '../rowRules';

const caller = claimsForTests;

const license = (holderKind: 'PERSON' | 'LEGAL_ENTITY', holderIdentifier: string) => ({ id: 'l', holderKind, holderIdentifier }) as License;
const CITIZEN = '310101199003071230';

describe('which licenses a scenario may read', () => {
  it("lets a self-only scenario read its subject's own licenses, not an entity's nor another citizen's", () => {
    expect(licenseRule(license('PERSON', CITIZEN), caller({ selfOnly: true }, CITIZEN))).toBeNull();
    expect(licenseRule(license('PERSON', '310115198512014561'), caller({ selfOnly: true }, CITIZEN))).toBe('selfOnly');
    expect(licenseRule(license('LEGAL_ENTITY', CITIZEN), caller({ selfOnly: true }, CITIZEN))).toBe('selfOnly');
  });

  it('refuses root lookups to a district scenario, whatever license is asked (licenses carry no district)', () => {
    expect(() => requireRootLookupAllowed(caller({ districts: ['310101'] }))).toThrow(
      expect.objectContaining({ extensions: expect.objectContaining({ code: 'FORBIDDEN', constraint: 'districts' }) }),
    );
    expect(() => requireRootLookupAllowed(caller({}))).not.toThrow();
  });

  it("refuses a self-only scenario another holder's identifier, whether anyone holds it or not", () => {
    expect(() => requireHolderAllowed(caller({ selfOnly: true }, CITIZEN), '11010519491231002X')).toThrow(
      expect.objectContaining({ extensions: expect.objectContaining({ code: 'FORBIDDEN', constraint: 'selfOnly' }) }),
    );
    expect(() => requireHolderAllowed(caller({ selfOnly: true }, CITIZEN), CITIZEN)).not.toThrow();
  });
});
