import { adminGrants, checkOperations, grantableFields, grantProblems } from '@civicgraph/governance-subgraph';
import { apiSchema, readSupergraphSdl } from '@civicgraph/schema';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { CITIZEN_PROFILE_OPERATION, DEMO_SCENARIOS } from '../index';

describe('the demo scenarios', () => {
  const fields = grantableFields();

  it.each(DEMO_SCENARIOS.map((s) => [s.code, s] as const))('%s grants only fields an admin could grant', (_code, scenario) => {
    const grants = scenario.grants.map((coordinate) => ({ coordinate, mask: scenario.masks?.[coordinate] ?? null }));
    expect(grantProblems(grants, fields, new Date())).toEqual([]);
    for (const masked of Object.keys(scenario.masks ?? {})) expect(scenario.grants).toContain(masked);
  });

  it.each(DEMO_SCENARIOS.filter((s) => s.operations?.length).map((s) => [s.code, s] as const))(
    '%s registers operations that fit its grants',
    (_code, scenario) => {
      const { operations, problems } = checkOperations(apiSchema(readSupergraphSdl()), scenario.operations!, new Set(scenario.grants));
      expect(problems).toEqual([]);
      expect(operations).toHaveLength(scenario.operations!.length);
    },
  );

  it("shows in the README exactly the citizen profile one-network-service registers (its id is the text's SHA-256)", () => {
    const readme = readFileSync(path.resolve(__dirname, '../../../../README.md'), 'utf8');
    expect(readme).toMatch(/```graphql as=one-network-service persisted .*\n(query CitizenProfile[^`]*)\n```/);
    expect(/```graphql as=one-network-service persisted .*\n(query CitizenProfile[^`]*)\n```/.exec(readme)![1]).toBe(CITIZEN_PROFILE_OPERATION);
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
