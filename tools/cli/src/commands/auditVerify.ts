import { readFileSync } from 'node:fs';
import { DataDirInUseError } from '@civicgraph/db';
import { closeCityDatabases, openCityDatabases, verifyAuditTrail, type AuditAnchor, type AuditChainReport } from '@civicgraph/platform';
import { databaseUrls, type Env } from '../cliEnvironment';
import { askService, operatorsToken, runningServiceOrigins } from '../runningServices';

/** One line per chain; the head hashes are what an operator anchors elsewhere (a ticket, a notary) to detect a full rewrite. */
export function formatReport(report: AuditChainReport): string {
  const head = report.head ? `head ${report.head.seq} ${report.head.hash}` : 'empty';
  return `${report.database}.${report.table}: ${report.records} records, ${head}: ${report.problem ? `BROKEN — ${report.problem}` : 'intact'}`;
}

/**
 * The heads in an anchors file: lines as `audit verify` prints them (`governance.audit_request: 1532 records,
 * head 1532 5f0c…: intact`), copied somewhere else earlier; other lines are ignored, none is an error.
 */
export function parseAnchors(text: string, file: string): AuditAnchor[] {
  const anchors = [...text.matchAll(/^([\w-]+)\.(audit_\w+): \d+ records, head (\d+) ([0-9a-f]{64})\b/gm)].map(([, database, table, seq, hash]) => ({
    database: database!,
    table: table!,
    seq: Number(seq),
    hash: hash!,
  }));
  if (!anchors.length) throw new Error(`--anchors: ${file} holds no head as audit verify prints them ("<database>.<table>: N records, head SEQ HASH")`);
  return anchors;
}

/** The running services' own verification (`GET /audit/verify`, operators' token): for embedded databases a running `npm start` holds. */
async function verifyThroughServices(env: Env, anchors: readonly AuditAnchor[]): Promise<AuditChainReport[]> {
  const token = operatorsToken(env);
  const { gateway, subgraphs } = runningServiceOrigins(env);
  const services: [string, string][] = [['governance', gateway], ...Object.entries(subgraphs)];
  const reports = await Promise.all(
    services.map(async ([database, origin]) => {
      // Each service is sent its database's anchors and checks those of the chains it keeps (the gateway the
      // request log, the governance subgraph its disclosure log, both in governance).
      const own = anchors.filter((a) => a.database === database);
      const query = own.map((a) => `anchor=${a.table}:${a.seq}:${a.hash}`).join('&');
      const response = await askService(origin, `/audit/verify${query ? `?${query}` : ''}`, { authorization: `Bearer ${token}` });
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
export async function auditVerifyCommand(env: Env, anchorsFile?: string): Promise<void> {
  const anchors = anchorsFile ? parseAnchors(readFileSync(anchorsFile, 'utf8'), anchorsFile) : [];
  let reports: AuditChainReport[];
  try {
    const dbs = await openCityDatabases({ dataDir: env.CIVICGRAPH_DATA_DIR, urls: databaseUrls(env) });
    try {
      reports = await verifyAuditTrail(dbs, anchors);
    } finally {
      await closeCityDatabases(dbs);
    }
  } catch (error) {
    if (!(error instanceof DataDirInUseError)) throw error;
    console.log(`(the databases are open in process ${error.pid}: each running service checks its own chains)`);
    reports = await verifyThroughServices(env, anchors);
  }
  for (const report of reports) console.log(formatReport(report));
  if (anchors.length && !reports.some((r) => r.problem)) console.log(`every chain holds the ${anchors.length} heads anchored in ${anchorsFile}`);
  const broken = reports.filter((r) => r.problem);
  if (broken.length) {
    console.error(`audit verify: ${broken.length} of ${reports.length} chains are broken`);
    process.exitCode = 1;
  }
}
