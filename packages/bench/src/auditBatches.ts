import { metrics } from '@civicgraph/observability';

/** Records and commits of every audit log of this process so far, by `service/log`. */
export type AuditBatchTotals = Record<string, { sum: number; count: number }>;

/** This process's audit totals, from the audit batch-size histogram. */
export async function auditBatchTotals(): Promise<AuditBatchTotals> {
  const totals: AuditBatchTotals = {};
  for (const v of (await metrics.auditBatchSize.get()).values) {
    const entry = (totals[`${v.labels.service}/${v.labels.log}`] ??= { sum: 0, count: 0 });
    if (v.metricName?.endsWith('_sum')) entry.sum += v.value;
    if (v.metricName?.endsWith('_count')) entry.count += v.value;
  }
  return totals;
}

/** Totals of several processes together (each log is written by one of them). */
export function mergeAuditBatchTotals(...parts: AuditBatchTotals[]): AuditBatchTotals {
  const merged: AuditBatchTotals = {};
  for (const part of parts)
    for (const [log, { sum, count }] of Object.entries(part)) {
      const entry = (merged[log] ??= { sum: 0, count: 0 });
      entry.sum += sum;
      entry.count += count;
    }
  return merged;
}

/** Average records per commit between two readings, by log. */
export function recordsPerCommit(before: AuditBatchTotals, after: AuditBatchTotals): Record<string, number> {
  return Object.fromEntries(
    Object.entries(after).map(([log, totals]) => {
      const commits = totals.count - (before[log]?.count ?? 0);
      const records = totals.sum - (before[log]?.sum ?? 0);
      return [log, commits ? Math.round((records / commits) * 10) / 10 : 0];
    }),
  );
}
