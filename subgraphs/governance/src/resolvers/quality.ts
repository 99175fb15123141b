import { badUserInput, conflict, forbidden, notFound } from '@civicgraph/errors';
import type { Prisma, QualityIssue, QualityIssueState, QualityResult, QualityRun } from '@civicgraph/prisma/governance';
import { QUALITY_RULES } from '@civicgraph/quality';
import { catalogItems } from '@civicgraph/schema';
import { isRecordId } from '@civicgraph/subgraph-kit';
import type { GovernanceContext } from '../context';
import type { QualityDimension, QualityGrouping, Resolvers } from '../generated/graphql';
import {
  ADMIN_SCENARIO,
  isQualityIssueOverdue,
  meanWorkingDays,
  newestFinishedRun,
  OPEN_QUALITY_STATES,
  qualityFixDueOn,
  requestQualityRun,
  shanghaiDate,
} from '../rules';
import { isObjectionOverdue } from './objections';
import { Problems } from '../problems';

const NOTE_LIMIT = 2_000;

/** A department's quality figures in the evaluation, as resolved. */
export interface DepartmentQualityModel {
  passRate: number | null;
  timelinessRate: number | null;
  issuesOpen: number;
  issuesOverdue: number;
  objectionsReceived: number;
  objectionsPending: number;
  objectionsOverdue: number;
  averageObjectionAnswerWorkingDays: number | null;
  objectionsLate: number;
}

/** A report as resolved: its run as stored. */
export interface QualityReportModel {
  run: QualityRun;
  groupBy: QualityGrouping;
  rows: { group: string; dimension: QualityDimension; checked: number; failed: number; passed: number; rate: number | null }[];
  worst: QualityResult[];
}

function clampCount(argument: string, value: number | null | undefined, fallback: number, max: number): number {
  const n = value ?? fallback;
  if (!Number.isInteger(n) || n < 1 || n > max) throw badUserInput(argument, `must be 1–${max}`);
  return n;
}

function rate(checked: number, failed: number): number | null {
  return checked ? (checked - failed) / checked : null;
}

const GROUP_OF: Record<QualityGrouping, (r: QualityResult) => string> = {
  DEPARTMENT: (r) => r.departmentCode,
  DATABASE: (r) => r.database,
  TABLE: (r) => `${r.database}.${r.table}`,
  ITEM: (r) => r.item,
  DIMENSION: (r) => r.dimension,
};

/** Results summed per group and dimension, by group then dimension. */
function aggregate(results: readonly QualityResult[], groupOf: (r: QualityResult) => string): QualityReportModel['rows'] {
  const groups = new Map<string, { group: string; dimension: QualityDimension; checked: number; failed: number }>();
  for (const r of results) {
    const group = groupOf(r);
    const key = `${group}\u0000${r.dimension}`;
    const row = groups.get(key) ?? { group, dimension: r.dimension as QualityDimension, checked: 0, failed: 0 };
    row.checked += r.checked;
    row.failed += r.failed;
    groups.set(key, row);
  }
  return [...groups.values()]
    .sort((a, b) => a.group.localeCompare(b.group) || a.dimension.localeCompare(b.dimension))
    .map((row) => ({ ...row, passed: row.checked - row.failed, rate: rate(row.checked, row.failed) }));
}

/** The calling application's department, and whether it acts as an administrator. */
async function caller(ctx: GovernanceContext): Promise<{ department: string | null; admin: boolean }> {
  const app = isRecordId(ctx.caller.app) ? await ctx.loaders.applicationById.load(ctx.caller.app) : null;
  return { department: app?.departmentCode ?? null, admin: ctx.caller.scenario === ADMIN_SCENARIO };
}

/**
 * Data quality supervision: the rules, runs and their reports, and the issues handed back to the
 * departments accountable. Runs are carried out by the platform's quality supervisor; this subgraph keeps
 * them and lets departments answer for their issues.
 */
export function qualityResolvers(
  now: () => Date = () => new Date(),
): Pick<
  Resolvers,
  'Query' | 'Mutation' | 'DepartmentEvaluation' | 'CatalogItem' | 'QualityRule' | 'QualityRun' | 'QualityResult' | 'QualityIssue' | 'QualityIssueEvent'
> {
  const rules = new Map(QUALITY_RULES.map((r) => [r.code, r]));
  const owners = new Map(catalogItems().map((i) => [i.coordinate, i.owner]));
  const newestRunOf = new WeakMap<GovernanceContext, Promise<QualityRun | null>>();

  /** An issue the caller may see: every one for administrators, their department's for anyone else; absent otherwise. */
  async function visibleIssue(ctx: GovernanceContext, id: string): Promise<QualityIssue | null> {
    const issue = isRecordId(id) ? await ctx.prisma.qualityIssue.findUnique({ where: { id } }) : null;
    if (!issue) return null;
    const { department, admin } = await caller(ctx);
    return admin || issue.departmentCode === department ? issue : null;
  }

  /** A state change by the accountable department, recorded with who made it. */
  async function transition(
    ctx: GovernanceContext,
    id: string,
    from: readonly QualityIssueState[],
    to: QualityIssueState,
    note: string | null,
  ): Promise<QualityIssue> {
    const issue = await visibleIssue(ctx, id);
    if (!issue) throw notFound(`Quality issue "${id}"`);
    const { department } = await caller(ctx);
    if (issue.departmentCode !== department)
      throw forbidden(`Quality issue "${id}" is ${issue.departmentCode}'s to answer; administrators supervise it but do not answer for the owner`);
    if (!from.includes(issue.state)) throw conflict(`Quality issue "${id}" is ${issue.state}; it can become ${to} only from ${from.join(' or ')}`);
    const at = now();
    // Conditional on the state read, so two answers at once cannot both apply.
    const [updated] = await ctx.prisma.$transaction([
      ctx.prisma.qualityIssue.updateMany({ where: { id, state: issue.state }, data: { state: to, ...(note !== null ? { note } : {}) } }),
      ctx.prisma.qualityIssueEvent.create({
        data: {
          issueId: id,
          at,
          state: to,
          application: ctx.caller.app,
          subject: ctx.caller.subject,
          person: ctx.caller.person ?? null,
          requestId: ctx.caller.requestId,
          note,
        },
      }),
    ]);
    if (updated.count !== 1) throw conflict(`Quality issue "${id}" changed while this answer was made; read it again`);
    return (await ctx.prisma.qualityIssue.findUnique({ where: { id } }))!;
  }

  function requiredNote(argument: string, text: string): string {
    const problems = new Problems();
    problems.text(argument, text, NOTE_LIMIT);
    problems.throwIfAny();
    return text.trim();
  }

  return {
    Query: {
      qualityRules: () => [...QUALITY_RULES],
      qualityRuns: (_, { first }, ctx) =>
        ctx.prisma.qualityRun.findMany({ orderBy: [{ requestedAt: 'desc' }, { id: 'asc' }], take: clampCount('first', first, 20, 100) }),
      qualityRun: (_, { id }, ctx) => (isRecordId(id) ? ctx.prisma.qualityRun.findUnique({ where: { id } }) : null),
      qualityReport: async (_, { runId, groupBy }, ctx) => {
        const run = runId
          ? isRecordId(runId)
            ? await ctx.prisma.qualityRun.findFirst({ where: { id: runId, status: 'SUCCEEDED' } })
            : null
          : await newestFinishedRun(ctx.prisma);
        if (!run) return null;
        const results = await ctx.prisma.qualityResult.findMany({ where: { runId: run.id }, orderBy: { ruleCode: 'asc' } });
        const rows = aggregate(results, GROUP_OF[groupBy]);
        const worst = results
          .filter((r) => r.failed > 0)
          .sort((a, b) => rate(a.checked, a.failed)! - rate(b.checked, b.failed)! || a.ruleCode.localeCompare(b.ruleCode))
          .slice(0, 10);
        return { run, groupBy, rows, worst };
      },
      qualityGroupTrend: async (_, { groupBy, group, runs }, ctx) => {
        const take = clampCount('runs', runs, 10, 100);
        const recent = await ctx.prisma.qualityRun.findMany({ where: { status: 'SUCCEEDED' }, orderBy: [{ finishedAt: 'desc' }, { id: 'asc' }], take });
        const results = await ctx.prisma.qualityResult.findMany({ where: { runId: { in: recent.map((r) => r.id) } } });
        return recent.flatMap((run) =>
          aggregate(
            results.filter((r) => r.runId === run.id && GROUP_OF[groupBy](r) === group),
            () => group,
          ).map(({ group: _, ...row }) => ({ run, ...row })),
        );
      },
      qualityTrend: async (_, { ruleCode, runs }, ctx) => {
        const take = clampCount('runs', runs, 10, 100);
        return ctx.prisma.qualityResult.findMany({ where: { ruleCode, run: { status: 'SUCCEEDED' } }, orderBy: [{ run: { finishedAt: 'desc' } }], take });
      },
      qualityIssues: async (_, { filter }, ctx) => {
        const { department, admin } = await caller(ctx);
        if (!admin && !department) throw forbidden('The calling application is not registered');
        if (!admin && filter?.departmentCode && filter.departmentCode !== department) return [];
        const today = shanghaiDate(now());
        const where: Prisma.QualityIssueWhereInput = {
          ...(admin ? (filter?.departmentCode ? { departmentCode: filter.departmentCode } : {}) : { departmentCode: department! }),
          ...(filter?.state ? { state: filter.state } : {}),
          ...(filter?.overdue ? { state: { in: ['OPEN', 'ACKNOWLEDGED'] }, dueOn: { lt: new Date(`${today}T00:00:00Z`) } } : {}),
        };
        const issues = await ctx.prisma.qualityIssue.findMany({ where, orderBy: [{ dueOn: 'asc' }, { id: 'asc' }] });
        return filter?.overdue === false ? issues.filter((i) => !isQualityIssueOverdue(i, today)) : issues;
      },
      qualityIssue: (_, { id }, ctx) => visibleIssue(ctx, id),
    },
    Mutation: {
      requestQualityRun: (_, __, ctx) =>
        requestQualityRun(ctx.prisma, {
          trigger: 'ADMIN',
          requestedBy: isRecordId(ctx.caller.app) ? ctx.caller.app : null,
          requestedInRequest: ctx.caller.requestId,
          requestedAt: now(),
        }),
      acknowledgeQualityIssue: (_, { id }, ctx) => transition(ctx, id, ['OPEN'], 'ACKNOWLEDGED', null),
      fixQualityIssue: (_, { id, note }, ctx) => transition(ctx, id, ['OPEN', 'ACKNOWLEDGED'], 'FIXED', requiredNote('note', note)),
      settleQualityDispute: async (_, { id, upheld, reason }, ctx) => {
        if (ctx.caller.scenario !== ADMIN_SCENARIO) throw forbidden('Disputes are settled by administrators');
        const note = requiredNote('reason', reason);
        const issue = await visibleIssue(ctx, id);
        if (!issue) throw notFound(`Quality issue "${id}"`);
        if (issue.state !== 'DISPUTED') throw conflict(`Quality issue "${id}" is ${issue.state}; only a DISPUTED one is settled`);
        const at = now();
        const [updated] = await ctx.prisma.$transaction([
          ctx.prisma.qualityIssue.updateMany({
            where: { id, state: 'DISPUTED' },
            data: upheld ? { state: 'DISPUTED' } : { state: 'OPEN', dueOn: new Date(`${qualityFixDueOn(at)}T00:00:00Z`) },
          }),
          ctx.prisma.qualityIssueEvent.create({
            data: {
              issueId: id,
              at,
              state: upheld ? 'DISPUTED' : 'OPEN',
              application: ctx.caller.app,
              subject: ctx.caller.subject,
              person: ctx.caller.person ?? null,
              requestId: ctx.caller.requestId,
              note: `${upheld ? 'Dispute upheld' : 'Dispute rejected'}: ${note}`,
            },
          }),
        ]);
        if (updated.count !== 1) throw conflict(`Quality issue "${id}" changed while this was settled; read it again`);
        return (await ctx.prisma.qualityIssue.findUnique({ where: { id } }))!;
      },
      disputeQualityIssue: (_, { id, reason }, ctx) => transition(ctx, id, ['OPEN', 'ACKNOWLEDGED'], 'DISPUTED', requiredNote('reason', reason)),
    },
    DepartmentEvaluation: {
      quality: async ({ departmentCode }, _, ctx): Promise<DepartmentQualityModel> => {
        const today = shanghaiDate(now());
        // Once per request, whichever departments the evaluation lists.
        let newest = newestRunOf.get(ctx);
        if (!newest) newestRunOf.set(ctx, (newest = newestFinishedRun(ctx.prisma)));
        const run = await newest;
        const [results, issues, objections] = await Promise.all([
          run ? ctx.prisma.qualityResult.findMany({ where: { runId: run.id, departmentCode } }) : [],
          ctx.prisma.qualityIssue.findMany({ where: { departmentCode, state: { in: [...OPEN_QUALITY_STATES] } }, select: { state: true, dueOn: true } }),
          ctx.prisma.objection.findMany({ where: { ownerCode: departmentCode }, select: { status: true, dueOn: true, answerWorkingDays: true, late: true } }),
        ]);
        const rateOf = (rows: QualityResult[]) => {
          const checked = rows.reduce((n, r) => n + r.checked, 0);
          return rate(
            checked,
            rows.reduce((n, r) => n + r.failed, 0),
          );
        };
        const answered = objections.filter((o) => o.answerWorkingDays !== null).map((o) => o.answerWorkingDays!);
        return {
          passRate: rateOf(results),
          timelinessRate: rateOf(results.filter((r) => r.dimension === 'TIMELINESS')),
          issuesOpen: issues.length,
          issuesOverdue: issues.filter((i) => isQualityIssueOverdue(i, today)).length,
          objectionsReceived: objections.length,
          objectionsPending: objections.filter((o) => o.status === 'PENDING').length,
          objectionsOverdue: objections.filter((o) => isObjectionOverdue(o, today)).length,
          averageObjectionAnswerWorkingDays: meanWorkingDays(answered),
          objectionsLate: objections.filter((o) => o.late).length,
        };
      },
    },
    CatalogItem: {
      qualityRules: (item) => QUALITY_RULES.filter((r) => r.item === item.coordinate),
    },
    QualityRule: {
      department: async (rule, _, ctx) => {
        const code = owners.get(rule.item)!;
        return (await ctx.loaders.departmentByCode.load(code)) ?? { code, name: code, requestsPerSecond: null, burst: null, rowsPerDay: null };
      },
      crossDatabase: (rule) => rule.kind === 'cross',
    },
    QualityRun: {
      progress: (run) => {
        const p = run.progress as { step?: string; done?: number; total?: number };
        return p.step ? { step: p.step, done: p.done ?? 0, total: p.total ?? 0 } : null;
      },
      asOf: (run) => run.asOf,
      results: (run, _, ctx) => ctx.prisma.qualityResult.findMany({ where: { runId: run.id }, orderBy: { ruleCode: 'asc' } }),
    },
    QualityResult: {
      passed: (r) => r.checked - r.failed,
      rate: (r) => rate(r.checked, r.failed),
      finishedAt: async (r, _, ctx) => (await ctx.prisma.qualityRun.findUnique({ where: { id: r.runId }, select: { finishedAt: true } }))?.finishedAt ?? null,
    },
    QualityIssue: {
      rule: (issue) => rules.get(issue.ruleCode) ?? null,
      department: async (issue, _, ctx) => (await ctx.loaders.departmentByCode.load(issue.departmentCode))!,
      failingKeys: (issue, { first }) => issue.failingKeys.slice(0, clampCount('first', first, 100, 10_000)),
      overdue: (issue) => isQualityIssueOverdue(issue, shanghaiDate(now())),
      events: (issue, _, ctx) => ctx.prisma.qualityIssueEvent.findMany({ where: { issueId: issue.id }, orderBy: { seq: 'asc' } }),
    },
    QualityIssueEvent: {
      application: (event, _, ctx) => (event.application ? ctx.loaders.applicationById.load(event.application) : null),
    },
  };
}
