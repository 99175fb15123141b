import { badUserInput, notFound } from '@civicgraph/errors';
import type { Prisma } from '@civicgraph/prisma/governance';
import { auditCallerWhere, newestFirstPage, requestLogChainStatus } from '@civicgraph/subgraph-kit';
import type { GovernanceContext } from '../context';
import type { AuditRequestFilter, Resolvers, ScenarioChangeInput } from '../generated/graphql';

/** One recorded operation a change would break, before its applications are resolved. */
export interface ImpactedOperationRow {
  operationName: string | null;
  documentHash: string;
  breaks: string[];
  requests: number;
  lastSeen: Date;
  appIds: string[];
}

function requestWhere(filter: AuditRequestFilter | null | undefined): Prisma.AuditRequestWhereInput {
  const where: Prisma.AuditRequestWhereInput = auditCallerWhere(filter);
  if (filter?.decision != null) where.decision = filter.decision;
  if (filter?.correlationId != null) where.correlationId = filter.correlationId;
  if (filter?.person != null) where.person = filter.person;
  return where;
}

const MAX_IMPACT_DAYS = 3650;

/**
 * What a change would break, from the request log: the scenario's allowed operations in the period
 * that reach a grant to be removed (or any, for a suspension), grouped by document.
 */
async function impactOf(ctx: GovernanceContext, change: ScenarioChangeInput, days: number) {
  if (!Number.isInteger(days) || days < 1 || days > MAX_IMPACT_DAYS) throw badUserInput('days', `must be between 1 and ${MAX_IMPACT_DAYS}, got ${days}`);
  const scenario = await ctx.prisma.scenario.findUnique({ where: { code: change.scenario }, include: { grants: true } });
  if (!scenario) throw notFound(`Scenario "${change.scenario}"`);
  const removed = [...new Set(change.removeGrants ?? [])];
  if (!change.suspend && !removed.length) throw badUserInput('change', 'name grants to remove (removeGrants) or suspend: true');
  const held = new Set(scenario.grants.map((g) => g.coordinate));
  const notHeld = removed.filter((c) => !held.has(c));
  if (notHeld.length) throw badUserInput('change.removeGrants', `not granted to scenario "${scenario.code}": ${notHeld.join(', ')}`);
  const since = new Date(Date.now() - days * 86_400_000);
  const suspend = change.suspend === true;
  // Served by the (scenario, seq) index; one row per distinct document.
  const rows = await ctx.prisma.$queryRaw<
    { operation_name: string | null; document_hash: string; coordinates: string[]; requests: number; last_seen: Date; apps: string[] }[]
  >`
    SELECT operation_name, document_hash, min(coordinates) AS coordinates, count(*)::int AS requests, max(at) AS last_seen,
           array_agg(DISTINCT app) AS apps
      FROM audit_request
     WHERE scenario = ${scenario.code} AND decision = 'ALLOWED' AND at >= ${since} AND document_hash IS NOT NULL
       AND (${suspend} OR coordinates && ${removed}::text[])
     GROUP BY operation_name, document_hash
     ORDER BY requests DESC, last_seen DESC
     LIMIT 500`;
  const taken = new Set(removed);
  const operations: ImpactedOperationRow[] = rows.map((r) => ({
    operationName: r.operation_name,
    documentHash: r.document_hash,
    breaks: suspend ? r.coordinates : r.coordinates.filter((c) => taken.has(c)),
    requests: r.requests,
    lastSeen: r.last_seen,
    appIds: r.apps.filter(Boolean),
  }));
  const registeredOperations = await ctx.prisma.registeredOperation.findMany({
    where: { scenarioCode: scenario.code, ...(suspend ? {} : { coordinates: { hasSome: removed } }) },
    orderBy: { id: 'asc' },
  });
  return { scenario, operations, requests: operations.reduce((sum, o) => sum + o.requests, 0), registeredOperations };
}

export const auditResolvers: Pick<Resolvers, 'AuditRequest' | 'ImpactedOperation'> & {
  Query: Pick<NonNullable<Resolvers['Query']>, 'auditRequests' | 'impactOf' | 'requestStatistics' | 'requestLogChain'>;
} = {
  Query: {
    auditRequests(_, args, ctx) {
      const where = requestWhere(args.filter);
      return newestFirstPage(args, ({ before, take }) =>
        ctx.prisma.auditRequest.findMany({ where: before === undefined ? where : { AND: [where, { seq: { lt: before } }] }, orderBy: { seq: 'desc' }, take }),
      );
    },
    impactOf: (_, args, ctx) => impactOf(ctx, args.change, args.days ?? 90),
    requestLogChain: (_, __, ctx) => requestLogChainStatus(ctx.db),
    requestStatistics: async (_, { days }, ctx) => {
      const period = days ?? 14;
      if (!Number.isInteger(period) || period < 1 || period > 366) throw badUserInput('days', `must be between 1 and 366, got ${period}`);
      // Days as Shanghai counts them; one row per day, department and scenario (served by the log's time order).
      const rows = await ctx.prisma.$queryRaw<
        { day: string; department: string | null; scenario: string | null; requests: number; refused: number; records: number }[]
      >`
        SELECT to_char(at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD') AS day, department, scenario, count(*)::int AS requests,
               (count(*) FILTER (WHERE decision = 'REFUSED'))::int AS refused, coalesce(sum(records), 0)::int AS records
          FROM audit_request
         WHERE at >= ${new Date(Date.now() - period * 86_400_000)}
         GROUP BY 1, 2, 3
         ORDER BY 1, 2, 3`;
      return rows.map((r) => ({ ...r, day: new Date(`${r.day}T00:00:00Z`) }));
    },
  },
  AuditRequest: {
    application: (row, _, ctx) => (row.app ? ctx.loaders.applicationById.load(row.app) : null),
    department: (row, _, ctx) => (row.department ? ctx.loaders.departmentByCode.load(row.department) : null),
    scenario: (row, _, ctx) => (row.scenario ? ctx.loaders.scenarioByCode.load(row.scenario) : null),
    decision: (row) => (row.decision === 'ALLOWED' ? 'ALLOWED' : 'REFUSED'),
  },
  ImpactedOperation: {
    applications: async (row, _, ctx) => {
      const found = await ctx.loaders.applicationById.loadMany(row.appIds);
      // Applications deleted since are left out.
      return found.filter((a): a is Exclude<(typeof found)[number], Error | null> => !!a && !(a instanceof Error));
    },
  },
};
