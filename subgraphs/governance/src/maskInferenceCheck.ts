import { isGrantInForce } from '@civicgraph/policy';
import { applicationInferenceProblems, inferenceProblems, neverGranted, type GrantRequest, type ScenarioGrants } from './rules';
import type { InputProblem } from '@civicgraph/errors';
import type { GovernanceContext } from './context';

/** A scenario's grants in force now, as stored. */
export async function currentGrants(ctx: GovernanceContext, scenarioCode: string): Promise<GrantRequest[]> {
  const now = new Date();
  return (await ctx.prisma.grant.findMany({ where: { scenarioCode } })).filter((g) => isGrantInForce(g, now, neverGranted()));
}

/** A scenario's grants with `changes` applied (a change replaces the grant on its coordinate). */
export function mergeGrants(current: readonly GrantRequest[], changes: readonly GrantRequest[]): GrantRequest[] {
  const byCoordinate = new Map(current.map((g) => [g.coordinate, g]));
  for (const change of changes) byCoordinate.set(change.coordinate, change);
  return [...byCoordinate.values()];
}

/**
 * Masks a change would let be undone: within the scenario's own grants after it, and for each application
 * that would be bound to it, across every scenario that application is bound to (it can call under each
 * and join what it reads). `bind` adds an application about to be bound.
 */
export async function maskInferenceProblems(ctx: GovernanceContext, after: ScenarioGrants, argument: string, bind?: string): Promise<InputProblem[]> {
  const own = inferenceProblems(after.grants, argument);
  if (own.length) return own;
  const bound = (await ctx.prisma.scenarioApplication.findMany({ where: { scenarioCode: after.scenarioCode }, select: { applicationId: true } })).map(
    (b) => b.applicationId,
  );
  const applicationIds = [...new Set(bind ? [...bound, bind] : bound)];
  if (!applicationIds.length) return [];
  const now = new Date();
  const bindings = await ctx.prisma.scenarioApplication.findMany({
    where: { applicationId: { in: applicationIds }, scenarioCode: { not: after.scenarioCode } },
    include: { application: { select: { name: true } }, scenario: { include: { grants: true } } },
  });
  const problems: InputProblem[] = [];
  for (const applicationId of applicationIds) {
    const others = bindings.filter((b) => b.applicationId === applicationId);
    if (!others.length) continue;
    const sets = [
      after,
      ...others.map((b) => ({ scenarioCode: b.scenarioCode, grants: b.scenario.grants.filter((g) => isGrantInForce(g, now, neverGranted())) })),
    ];
    problems.push(...applicationInferenceProblems(`application "${others[0]!.application.name}"`, sets, argument));
  }
  return problems;
}
