import type { AuditBatchTotals } from '@civicgraph/observability';

/** Totals of several processes together (each log is written by one of them). */
export function mergeAuditBatchTotals(...parts: AuditBatchTotals[]): AuditBatchTotals {
  const merged: AuditBatchTotals = {};
  for (const part of parts)
    for (const [log, { records, commits }] of Object.entries(part)) {
      const entry = (merged[log] ??= { records: 0, commits: 0 });
      entry.records += records;
      entry.commits += commits;
    }
  return merged;
}

/** Average records per commit between two readings, by log. */
export function recordsPerCommit(before: AuditBatchTotals, after: AuditBatchTotals): Record<string, number> {
  return Object.fromEntries(
    Object.entries(after).map(([log, totals]) => {
      const commits = totals.commits - (before[log]?.commits ?? 0);
      const records = totals.records - (before[log]?.records ?? 0);
      return [log, commits ? Math.round((records / commits) * 10) / 10 : 0];
    }),
  );
}
