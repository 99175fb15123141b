import type { Scenario } from '@civicgraph/prisma/governance';
import type { GrantInput, Resolvers } from '../generated/graphql';
import { currentGrants, maskInferenceProblems, mergeGrants } from '../maskInferenceCheck';
import { Problems } from '../problems';
import { grantProblems, nextScenarioVersion, type GrantableFields } from '../rules';
import { requireNoOperationNeeds } from './operations';
import { requireNotOpenScenario, requireNotOwnScenario, requireScenario } from './scenarioGuards';

/** Grants on a scenario: each change is checked against the catalog and against masks it would undo. */
export function grantResolvers(fields: GrantableFields): Resolvers {
  const checkGrants = (problems: Problems, grants: readonly GrantInput[], argument: string) =>
    problems.addAll(grantProblems(grants, fields, new Date(), argument));
  return {
    Mutation: {
      addGrants: async (_, { scenarioCode, grants }, ctx) => {
        await requireScenario(ctx, scenarioCode);
        requireNotOpenScenario(scenarioCode, 'granting');
        const problems = new Problems();
        if (!grants.length) problems.add('grants', 'must name at least one grant');
        checkGrants(problems, grants, 'grants');
        problems.throwIfAny();
        problems.addAll(await maskInferenceProblems(ctx, { scenarioCode, grants: mergeGrants(await currentGrants(ctx, scenarioCode), grants) }, 'grants'));
        problems.throwIfAny();
        if (ctx.caller.scenario === scenarioCode) {
          // An expiry or a mask on a grant the caller holds could end its own access: another admin changes those.
          const held = new Set(
            (await ctx.prisma.grant.findMany({ where: { scenarioCode, coordinate: { in: grants.map((g) => g.coordinate) } } })).map((g) => g.coordinate),
          );
          const changed = grants.filter((g) => held.has(g.coordinate) && (g.expiresAt || g.mask)).map((g) => g.coordinate);
          if (changed.length) requireNotOwnScenario(ctx, scenarioCode, `set an expiry or mask on ${changed.join(', ')} in`);
        }
        const results = await ctx.prisma.$transaction([
          ...grants.map((g) =>
            ctx.prisma.grant.upsert({
              where: { scenarioCode_coordinate: { scenarioCode, coordinate: g.coordinate } },
              create: { scenarioCode, coordinate: g.coordinate, mask: g.mask ?? null, expiresAt: g.expiresAt ?? null },
              update: { mask: g.mask ?? null, expiresAt: g.expiresAt ?? null },
            }),
          ),
          ctx.prisma.scenario.update({ where: { code: scenarioCode }, data: nextScenarioVersion() }),
        ]);
        return results.at(-1) as Scenario;
      },
      removeGrants: async (_, { scenarioCode, coordinates, force }, ctx) => {
        requireNotOwnScenario(ctx, scenarioCode, 'remove grants from');
        await requireScenario(ctx, scenarioCode);
        requireNotOpenScenario(scenarioCode, 'removing a grant');
        const held = new Set((await ctx.prisma.grant.findMany({ where: { scenarioCode, coordinate: { in: coordinates } } })).map((g) => g.coordinate));
        const problems = new Problems();
        if (!coordinates.length) problems.add('coordinates', 'must name at least one coordinate');
        coordinates.forEach((c, i) => {
          if (!held.has(c)) problems.add(`coordinates[${i}]`, `scenario "${scenarioCode}" holds no grant on ${c}`);
        });
        problems.throwIfAny();
        await requireNoOperationNeeds(ctx.prisma, scenarioCode, coordinates, force);
        const [, scenario] = await ctx.prisma.$transaction([
          ctx.prisma.grant.deleteMany({ where: { scenarioCode, coordinate: { in: coordinates } } }),
          ctx.prisma.scenario.update({ where: { code: scenarioCode }, data: nextScenarioVersion() }),
        ]);
        return scenario;
      },
    },
  };
}
