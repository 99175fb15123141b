import { adminGrants, grantableFields, grantProblems } from '@civicgraph/governance-subgraph';
import { DEMO_SCENARIOS } from '../index';

describe('the demo scenarios', () => {
  const fields = grantableFields();

  it.each(DEMO_SCENARIOS.map((s) => [s.code, s] as const))('%s grants only fields an admin could grant', (_code, scenario) => {
    const grants = scenario.grants.map((coordinate) => ({ coordinate, mask: scenario.masks?.[coordinate] ?? null }));
    expect(grantProblems(grants, fields, new Date())).toEqual([]);
    for (const masked of Object.keys(scenario.masks ?? {})) expect(scenario.grants).toContain(masked);
  });

  it('grant no phone number except to the citizen themselves', () => {
    expect(DEMO_SCENARIOS.filter((s) => s.grants.includes('Person.phone')).map((s) => s.code)).toEqual(['citizen-self-service']);
  });

  it('admin is granted every governance field, and those are grantable', () => {
    const grants = adminGrants();
    expect(grants).toEqual(expect.arrayContaining(['Mutation.addGrants', 'Query.scenarios', 'IssuedApiKey.secret', 'Scenario.grants']));
    expect(
      grantProblems(
        grants.map((coordinate) => ({ coordinate })),
        fields,
        new Date(),
      ),
    ).toEqual([]);
  });
});
