import { badUserInput, notFound } from '@civicgraph/errors';
import { isGrantInForce } from '@civicgraph/policy';
import type { GovernanceContext } from '../context';
import type { Resolvers } from '../generated/graphql';
import { neverGranted, storedMaskInferences } from '../rules';

/** One application's traffic under a scenario, before the application is resolved. */
export interface ApplicationUseRow {
  appId: string | null;
  requests: number;
  refused: number;
  rows: number;
}

const MAX_DAYS = 3650;

/**
 * Least privilege from the request log: the granted coordinates allowed operations reached in the period,
 * the grants in force none reached (and the registered operations that would still need them), and each
 * application's requests, refusals and rows.
 */
async function grantUsage(ctx: GovernanceContext, code: string, days: number) {
  if (!Number.isInteger(days) || days < 1 || days > MAX_DAYS) throw badUserInput('days', `must be between 1 and ${MAX_DAYS}, got ${days}`);
  const scenario = await ctx.prisma.scenario.findUnique({ where: { code }, include: { grants: true } });
  if (!scenario) throw notFound(`Scenario "${code}"`);
  const now = new Date();
  const since = new Date(now.getTime() - days * 86_400_000);
  // Served by the (scenario, seq) index; one row per coordinate, then one per application.
  const used = await ctx.prisma.$queryRaw<{ coordinate: string; requests: number; last_used: Date }[]>`
    SELECT coordinate, count(*)::int AS requests, max(at) AS last_used
      FROM audit_request, unnest(coordinates) AS coordinate
     WHERE scenario = ${code} AND decision = 'ALLOWED' AND at >= ${since}
     GROUP BY coordinate
     ORDER BY requests DESC, coordinate`;
  const applications = await ctx.prisma.$queryRaw<{ app: string | null; requests: number; refused: number; rows: number }[]>`
    SELECT app, count(*)::int AS requests, (count(*) FILTER (WHERE decision <> 'ALLOWED'))::int AS refused, coalesce(sum(records), 0)::int AS rows
      FROM audit_request
     WHERE scenario = ${code} AND at >= ${since}
     GROUP BY app
     ORDER BY requests DESC, app`;
  const reached = new Set(used.map((u) => u.coordinate));
  const inForce = scenario.grants.filter((g) => isGrantInForce(g, now, neverGranted())).map((g) => g.coordinate);
  const unused = inForce.filter((c) => !reached.has(c)).sort();
  const unusedNeededBy = unused.length
    ? await ctx.prisma.registeredOperation.findMany({ where: { scenarioCode: code, coordinates: { hasSome: unused } }, orderBy: { id: 'asc' } })
    : [];
  return {
    scenario,
    days,
    used: used.map((u) => ({ coordinate: u.coordinate, requests: u.requests, lastUsed: u.last_used })),
    unused,
    unusedNeededBy,
    applications: applications.map((a): ApplicationUseRow => ({ appId: a.app, requests: a.requests, refused: a.refused, rows: a.rows })),
  };
}

export const grantUsageResolvers: Resolvers = {
  Query: {
    grantUsage: (_, args, ctx) => grantUsage(ctx, args.scenario, args.days ?? 90),
    maskInferences: async (_, __, ctx) =>
      (await storedMaskInferences(ctx.prisma)).map(({ holder, problems }) => ({ holder, reasons: problems.map((p) => p.reason) })),
  },
  ApplicationUse: {
    application: (row, _, ctx) => (row.appId ? ctx.loaders.applicationById.load(row.appId) : null),
  },
};
