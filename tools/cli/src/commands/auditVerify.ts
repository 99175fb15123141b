import { readFileSync } from 'node:fs';
import path from 'node:path';
import { DataDirInUseError } from '@civicgraph/db';
import { closeCityDatabases, openCityDatabases, verifyAuditTrail, type AuditChainReport } from '@civicgraph/platform';
import { databaseUrls, type Env } from '../cliEnvironment';
import { askService, runningServiceOrigins } from '../runningServices';

/** One line per chain; the head hashes are what an operator anchors elsewhere (a ticket, a notary) to detect a full rewrite. */
export function formatReport(report: AuditChainReport): string {
  const head = report.head ? `head ${report.head.seq} ${report.head.hash}` : 'empty';
  return `${report.database}.${report.table}: ${report.records} records, ${head}: ${report.problem ? `BROKEN — ${report.problem}` : 'intact'}`;
}

/** The running services' own verification (`GET /audit/verify`, operators' token): for embedded databases a running `npm start` holds. */
async function verifyThroughServices(env: Env): Promise<AuditChainReport[]> {
  let token = env.METRICS_TOKEN;
  try {
    token ??= readFileSync(path.join(env.CIVICGRAPH_DATA_DIR, 'keys', 'metrics-token'), 'utf8').trim();
  } catch {
    throw new Error(`the databases are open in a running server, and no operators' token to ask it with: set METRICS_TOKEN`);
  }
  const { gateway, subgraphs } = runningServiceOrigins(env);
  const reports = await Promise.all(
    [gateway, ...Object.values(subgraphs)].map(async (origin) => {
      const response = await askService(origin, '/audit/verify', { authorization: `Bearer ${token}` });
      if (!response.ok) throw new Error(`${origin}/audit/verify answered HTTP ${response.status}: ${await response.text()}`);
      return (await response.json()) as AuditChainReport[];
    }),
  );
  return reports.flat();
}

/**
 * `civicgraph audit verify`: checks every chain; exit status 1 when any is broken. Opens the databases itself,
 * or — embedded ones a running `npm start` holds — asks each running service to check its own.
 */
export async function auditVerifyCommand(env: Env): Promise<void> {
  let reports: AuditChainReport[];
  try {
    const dbs = await openCityDatabases({ dataDir: env.CIVICGRAPH_DATA_DIR, urls: databaseUrls(env) });
    try {
      reports = await verifyAuditTrail(dbs);
    } finally {
      await closeCityDatabases(dbs);
    }
  } catch (error) {
    if (!(error instanceof DataDirInUseError)) throw error;
    console.log(`(the databases are open in process ${error.pid}: each running service checks its own chains)`);
    reports = await verifyThroughServices(env);
  }
  for (const report of reports) console.log(formatReport(report));
  const broken = reports.filter((r) => r.problem);
  if (broken.length) {
    console.error(`audit verify: ${broken.length} of ${reports.length} chains are broken`);
    process.exitCode = 1;
  }
}
