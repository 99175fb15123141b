import { metricsOf } from '@civicgraph/observability';
import type { PrismaClient } from '@civicgraph/prisma/governance';
import { isQualityIssueOverdue, newestFinishedRun, shanghaiDate } from './rules';

/**
 * Sets the quality series from the governance database: the newest finished run's figures per rule, and
 * the issues per department and state. Read at each scrape, so every governance process shows the same.
 */
export async function refreshQualityMetrics(prisma: PrismaClient, now: () => Date = () => new Date()): Promise<void> {
  const metrics = metricsOf('governance');
  const run = await newestFinishedRun(prisma);
  const [results, issues] = await Promise.all([
    run ? prisma.qualityResult.findMany({ where: { runId: run.id } }) : [],
    prisma.qualityIssue.findMany({ select: { departmentCode: true, state: true, dueOn: true } }),
  ]);
  for (const gauge of [metrics.qualityChecked, metrics.qualityFailed, metrics.qualityRate, metrics.qualityIssues, metrics.qualityIssuesOverdue]) gauge.reset();
  for (const r of results) {
    const labels = { rule: r.ruleCode, dimension: r.dimension, department: r.departmentCode, database: r.database, table: r.table, item: r.item };
    metrics.qualityChecked.set(labels, r.checked);
    metrics.qualityFailed.set(labels, r.failed);
    if (r.checked) metrics.qualityRate.set(labels, (r.checked - r.failed) / r.checked);
  }
  if (run?.finishedAt) metrics.qualityLastRun.set(run.finishedAt.getTime() / 1000);
  const today = shanghaiDate(now());
  const counts = new Map<string, number>();
  for (const issue of issues) {
    const key = `${issue.departmentCode}\u0000${issue.state}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
    if (isQualityIssueOverdue(issue, today)) metrics.qualityIssuesOverdue.inc({ department: issue.departmentCode });
  }
  for (const [key, n] of counts) {
    const [department, state] = key.split('\u0000') as [string, string];
    metrics.qualityIssues.set({ department, state }, n);
  }
}
