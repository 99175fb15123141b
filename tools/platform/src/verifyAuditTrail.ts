import { DISCLOSURE_LOG, REQUEST_LOG, verifyChain, type ChainAnchor, type ChainReport } from '@civicgraph/audit';
import { DATABASE_NAMES } from '@civicgraph/prisma';
import type { PlatformDatabases } from './cityDatabases';

export interface AuditChainReport extends ChainReport {
  database: string;
}

/** A chain head copied elsewhere earlier: the chain `table` in `database` must still hold it. */
export interface AuditAnchor extends ChainAnchor {
  database: string;
  table: string;
}

/**
 * Checks every chain of the audit trail: the request log (governance) and each database's disclosure log,
 * each holding the heads anchored for it.
 */
export async function verifyAuditTrail(dbs: PlatformDatabases, anchors: readonly AuditAnchor[] = []): Promise<AuditChainReport[]> {
  const anchorsOf = (database: string, table: string) => anchors.filter((a) => a.database === database && a.table === table);
  const reports: AuditChainReport[] = [
    { database: 'governance', ...(await verifyChain(dbs.governance, REQUEST_LOG, anchorsOf('governance', REQUEST_LOG.table))) },
  ];
  for (const name of DATABASE_NAMES) {
    reports.push({ database: name, ...(await verifyChain(dbs[name], DISCLOSURE_LOG, anchorsOf(name, DISCLOSURE_LOG.table))) });
  }
  return reports;
}
