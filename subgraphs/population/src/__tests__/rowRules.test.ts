import { claimsForTests } from '@civicgraph/policy';
import type { Person } from '@civicgraph/prisma/population';
import { personRule, personScope } from '../rowRules';

const caller = claimsForTests;

const person = (idNumber: string, residence: string, household: string) =>
  ({ id: 'p', idNumber, residenceDistrictCode: residence, householdDistrictCode: household }) as Person;

describe('who a scenario may read in the population database', () => {
  it('lets a self-only scenario read the subject alone', () => {
    expect(personRule(person('310101199003071230', '310101', '310101'), caller({ selfOnly: true }, '310101199003071230'))).toBeNull();
    expect(personRule(person('310115198512014561', '310115', '310115'), caller({ selfOnly: true }, '310101199003071230'))).toBe('selfOnly');
  });

  it('lets a district scenario read residents living or registered there', () => {
    const office = caller({ districts: ['310101'] });
    expect(personRule(person('x', '310101', '310115'), office)).toBeNull();
    expect(personRule(person('x', '310115', '310101'), office)).toBeNull();
    expect(personRule(person('x', '310115', '310104'), office)).toBe('districts');
  });

  it('searches with the same rule as a filter, so no row outside it is read', () => {
    expect(personScope(caller({}))).toEqual({});
    expect(personScope(caller({ selfOnly: true }))).toEqual({ AND: [{ idNumber: '' }] });
    expect(personScope(caller({ districts: ['310101'] }))).toEqual({
      AND: [{ OR: [{ residenceDistrictCode: { in: ['310101'] } }, { householdDistrictCode: { in: ['310101'] } }] }],
    });
  });
});
