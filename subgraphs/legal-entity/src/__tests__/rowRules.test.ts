import { claimsForTests } from '@civicgraph/policy';
import type { LegalEntity } from '@civicgraph/prisma/legal-entity';
import { entityRule, entityScope } from '../rowRules';

const caller = claimsForTests;

const entity = (representativeIdNumber: string | null, districtCode: string) => ({ id: 'e', representativeIdNumber, districtCode }) as LegalEntity;

describe('which legal entities a scenario may read', () => {
  it('lets a self-only scenario read the entities its subject represents, and no subject reads none', () => {
    expect(entityRule(entity('310101199003071230', '310101'), caller({ selfOnly: true }, '310101199003071230'))).toBeNull();
    expect(entityRule(entity('310115198512014561', '310101'), caller({ selfOnly: true }, '310101199003071230'))).toBe('selfOnly');
    expect(entityRule(entity(null, '310101'), caller({ selfOnly: true }, null))).toBe('selfOnly');
  });

  it('lets a district scenario read entities registered there', () => {
    expect(entityRule(entity(null, '310101'), caller({ districts: ['310101'] }))).toBeNull();
    expect(entityRule(entity(null, '310115'), caller({ districts: ['310101'] }))).toBe('districts');
  });

  it('searches with the same rule as a filter', () => {
    expect(entityScope(caller({}))).toEqual({});
    expect(entityScope(caller({ selfOnly: true }, '310101199003071230'))).toEqual({ AND: [{ representativeIdNumber: '310101199003071230' }] });
    expect(entityScope(caller({ districts: ['310101', '310115'] }))).toEqual({ AND: [{ districtCode: { in: ['310101', '310115'] } }] });
  });
});
