import { conflict, notFound } from '@civicgraph/errors';
import type { Scenario } from '@civicgraph/prisma/governance';
import { OPEN_SCENARIO } from '@civicgraph/policy';
import type { GovernanceContext } from '../context';

export async function requireScenario(ctx: GovernanceContext, code: string): Promise<Scenario> {
  const scenario = await ctx.prisma.scenario.findUnique({ where: { code } });
  if (!scenario) throw notFound(`Scenario "${code}"`);
  return scenario;
}

/** Refuses a change that would take from the caller the very scenario it is acting under. */
export function requireNotOwnScenario(ctx: GovernanceContext, code: string, what: string): void {
  if (ctx.caller.scenario === code) throw conflict(`Scenario "${code}" is the one this call is made under: ${what} it from another admin scenario`);
}

/** Refuses a validity for the caller's own scenario that would end its access now (the lock-out guard). */
export function requireOwnScenarioStaysValid(ctx: GovernanceContext, code: string, validFrom: Date, validUntil: Date | null, now: Date): void {
  if (ctx.caller.scenario !== code) return;
  if (validFrom > now || (validUntil && validUntil <= now)) {
    throw conflict(`Scenario "${code}" is the one this call is made under: this validity would end its access now; change it from another admin scenario`);
  }
}

/**
 * Refuses a change to what the open scenario serves or to whom: its grants are the catalog's
 * unconditionally open items (the platform keeps them so), and only the open API acts under it.
 */
export function requireNotOpenScenario(code: string, what: string): void {
  if (code === OPEN_SCENARIO)
    throw conflict(
      `Scenario "${code}" follows the resource catalog and serves only the open API: ${what} is done by changing an item's opening attribute in the schema`,
    );
}
