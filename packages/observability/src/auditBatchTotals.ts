import { allServiceMetrics } from './metrics';

/** Records and commits of every audit log of this process so far, by `service/log`. */
export type AuditBatchTotals = Record<string, { records: number; commits: number }>;

/** This process's audit totals, read from the audit batch-size histogram. */
export async function auditBatchTotals(): Promise<AuditBatchTotals> {
  const totals: AuditBatchTotals = {};
  for (const service of allServiceMetrics()) {
    for (const v of (await service.auditBatchSize.get()).values) {
      const entry = (totals[`${v.labels.service}/${v.labels.log}`] ??= { records: 0, commits: 0 });
      if (v.metricName?.endsWith('_sum')) entry.records += v.value;
      if (v.metricName?.endsWith('_count')) entry.commits += v.value;
    }
  }
  return totals;
}
