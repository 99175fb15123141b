import { CONSOLE_SCENARIOS } from '@civicgraph/policy';
import type { GovernanceContext } from '../context';

/** What a developer in the console works on: their applications, and the scenarios those are bound to. */
export interface DeveloperScope {
  applications: ReadonlySet<string>;
  scenarios: ReadonlySet<string>;
}

const scopes = new WeakMap<GovernanceContext, Promise<DeveloperScope | null>>();

async function readDeveloperScope(ctx: GovernanceContext): Promise<DeveloperScope | null> {
  if (ctx.caller.scenario !== CONSOLE_SCENARIOS.DEVELOPER) return null;
  const roles = ctx.caller.person
    ? await ctx.prisma.staffRole.findMany({
        where: { role: 'DEVELOPER', departmentCode: ctx.caller.department, account: { username: ctx.caller.person, disabledAt: null } },
        select: { applicationIds: true },
      })
    : [];
  const applications = new Set(roles.flatMap((r) => r.applicationIds));
  const bindings = applications.size
    ? await ctx.prisma.scenarioApplication.findMany({ where: { applicationId: { in: [...applications] } }, select: { scenarioCode: true } })
    : [];
  return { applications, scenarios: new Set(bindings.map((b) => b.scenarioCode)) };
}

/**
 * For a developer in the console, the applications and scenarios they may see (read once per request);
 * null for every other caller, whose scenario's grants alone decide.
 */
export function developerScope(ctx: GovernanceContext): Promise<DeveloperScope | null> {
  let scope = scopes.get(ctx);
  if (!scope) scopes.set(ctx, (scope = readDeveloperScope(ctx)));
  return scope;
}

/** For a department's reviewer in the console, that department: they see only its items of a share request. Null otherwise. */
export function reviewingDepartment(ctx: GovernanceContext): string | null {
  return ctx.caller.scenario === CONSOLE_SCENARIOS.REVIEWER ? ctx.caller.department : null;
}
