import { randomUUID } from 'node:crypto';
import type { PrismaClient, QualityIssue, QualityIssueState, QualityRun } from '@civicgraph/prisma/governance';
import type { QualityRule, QualityRunResult } from '@civicgraph/quality';
import { catalogItems } from '@civicgraph/schema';
import { isPastDue, qualityFixDueOn } from './workingDays';

/** States in which an issue is still the department's to deal with. */
export const OPEN_QUALITY_STATES: readonly QualityIssueState[] = ['OPEN', 'ACKNOWLEDGED', 'FIXED', 'DISPUTED'];

/** Failing record keys kept per issue; the count is always whole. */
export const MAX_FAILING_KEYS = 10_000;

/** Past its due date (on `today`, YYYY-MM-DD Shanghai) and still the department's to fix. */
export function isQualityIssueOverdue(issue: Pick<QualityIssue, 'state' | 'dueOn'>, today: string): boolean {
  return (issue.state === 'OPEN' || issue.state === 'ACKNOWLEDGED') && isPastDue(issue.dueOn, today);
}

/** The newest run that finished: what reports, metrics and the evaluation read unless told another. */
export function newestFinishedRun(prisma: PrismaClient): Promise<QualityRun | null> {
  return prisma.qualityRun.findFirst({ where: { status: 'SUCCEEDED' }, orderBy: [{ finishedAt: 'desc' }, { id: 'asc' }] });
}

/** Serialises requests for a run across gateways, supervisors and their schedules (any fixed number will do). */
const RUN_REQUEST_LOCK = 36344;

/**
 * A new run, unless one is already waiting or running (that one is returned): one run at a time is enough,
 * and a second would only read the same records again. Under a lock, so two requests at once make one run.
 */
export async function requestQualityRun(
  prisma: PrismaClient,
  request: { trigger: 'ADMIN' | 'SCHEDULE'; requestedBy?: string | null; requestedInRequest?: string | null; requestedAt?: Date },
): Promise<QualityRun> {
  return prisma.$transaction(async (tx) => {
    await tx.$queryRawUnsafe(`SELECT pg_advisory_xact_lock(${RUN_REQUEST_LOCK})::text`);
    const waiting = await tx.qualityRun.findFirst({ where: { status: { in: ['REQUESTED', 'RUNNING'] } }, orderBy: { requestedAt: 'asc' } });
    return waiting ?? tx.qualityRun.create({ data: { id: randomUUID(), ...request } });
  });
}

/**
 * Keeps a finished run: its results per rule, and the issues they imply, in one transaction. A rule that
 * fails opens an issue for the item's owner (due in working days) or updates the one still open — a
 * FIXED issue whose records still fail is reopened; a rule that no longer fails verifies its open issue.
 * A DISPUTED issue stays disputed while the rule fails: the dispute is about the rule.
 */
export async function recordQualityRun(prisma: PrismaClient, runId: string, run: QualityRunResult, now: Date = new Date()): Promise<void> {
  const owners = new Map(catalogItems().map((i) => [i.coordinate, i.owner]));
  const departments = new Set((await prisma.department.findMany({ select: { code: true } })).map((d) => d.code));
  const dueOn = new Date(`${qualityFixDueOn(now)}T00:00:00Z`);
  // What results and issues keep of their rule: it and its item, where the item lives and who answers for it.
  const ruleColumns = (rule: QualityRule) => ({
    ruleCode: rule.code,
    dimension: rule.dimension,
    item: rule.item,
    database: rule.database,
    table: rule.table,
    departmentCode: owners.get(rule.item)!,
  });
  const event = (issueId: string, state: QualityIssueState, note: string) => ({ issueId, at: now, state, requestId: runId, note });

  await prisma.$transaction(async (tx) => {
    // Read in the transaction, so a department's answer made meanwhile is not written over.
    const open = new Map((await tx.qualityIssue.findMany({ where: { state: { in: [...OPEN_QUALITY_STATES] } } })).map((i) => [i.ruleCode, i]));
    for (const owner of new Set(run.outcomes.map((o) => owners.get(o.rule.item)!))) {
      // The catalog names the owner; one not yet registered is registered under its code, so its issues have a home.
      if (!departments.has(owner)) await tx.department.create({ data: { code: owner, name: owner } });
    }
    await tx.qualityResult.createMany({
      data: run.outcomes.map(({ rule, checked, failing }) => ({ runId, ...ruleColumns(rule), checked, failed: failing.length })),
    });
    for (const { rule, checked, failing } of run.outcomes) {
      const issue = open.get(rule.code);
      const found = { failed: failing.length, checked, failingKeys: failing.slice(0, MAX_FAILING_KEYS), lastRunId: runId };
      if (!failing.length) {
        if (!issue) continue;
        // Conditional on the state read: an answer a department made meanwhile stands, for the next run to judge.
        const { count } = await tx.qualityIssue.updateMany({
          where: { id: issue.id, state: issue.state },
          data: { state: 'VERIFIED', closedAt: now, lastRunId: runId },
        });
        if (count) await tx.qualityIssueEvent.create({ data: event(issue.id, 'VERIFIED', 'The run found no failing record') });
      } else if (!issue) {
        const id = randomUUID();
        await tx.qualityIssue.create({
          data: {
            id,
            ...ruleColumns(rule),
            openedRunId: runId,
            openedAt: now,
            dueOn,
            ...found,
          },
        });
        await tx.qualityIssueEvent.create({ data: event(id, 'OPEN', `${failing.length} of ${checked} records fail`) });
      } else if (issue.state === 'FIXED') {
        const { count } = await tx.qualityIssue.updateMany({ where: { id: issue.id, state: 'FIXED' }, data: { ...found, state: 'OPEN' } });
        if (count) await tx.qualityIssueEvent.create({ data: event(issue.id, 'OPEN', `Reopened: ${failing.length} of ${checked} records still fail`) });
      } else {
        await tx.qualityIssue.update({ where: { id: issue.id }, data: found });
      }
    }
    await tx.qualityRun.update({
      where: { id: runId },
      data: {
        status: 'SUCCEEDED',
        finishedAt: run.finishedAt,
        startedAt: run.startedAt,
        asOf: new Date(`${run.asOf}T00:00:00Z`),
        rulesetVersion: run.rulesetVersion,
      },
    });
  });
}
