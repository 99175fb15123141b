import { closeCityDatabases, openCityDatabases, verifyAuditTrail, type AuditChainReport } from '@civicgraph/platform';
import { databaseUrls, type Env } from '../cliEnvironment';

/** One line per chain; the head hashes are what an operator anchors elsewhere (a ticket, a notary) to detect a full rewrite. */
export function formatReport(report: AuditChainReport): string {
  const head = report.head ? `head ${report.head.seq} ${report.head.hash}` : 'empty';
  return `${report.database}.${report.table}: ${report.records} records, ${head}: ${report.problem ? `BROKEN — ${report.problem}` : 'intact'}`;
}

/** `civicgraph audit verify`: checks every chain; exit status 1 when any is broken. */
export async function auditVerifyCommand(env: Env): Promise<void> {
  const dbs = await openCityDatabases({ dataDir: env.CIVICGRAPH_DATA_DIR, urls: databaseUrls(env) });
  try {
    const reports = await verifyAuditTrail(dbs);
    for (const report of reports) console.log(formatReport(report));
    const broken = reports.filter((r) => r.problem);
    if (broken.length) {
      console.error(`audit verify: ${broken.length} of ${reports.length} chains are broken`);
      process.exitCode = 1;
    }
  } finally {
    await closeCityDatabases(dbs);
  }
}
