import { DISCLOSURE_LOG, REQUEST_LOG, verifyChain, type ChainReport } from '@civicgraph/audit';
import { DATABASE_NAMES } from '@civicgraph/prisma';
import type { PlatformDatabases } from './cityDatabases';

export interface AuditChainReport extends ChainReport {
  database: string;
}

/** Checks every chain of the audit trail: the request log (governance) and each database's disclosure log. */
export async function verifyAuditTrail(dbs: PlatformDatabases): Promise<AuditChainReport[]> {
  const reports: AuditChainReport[] = [{ database: 'governance', ...(await verifyChain(dbs.governance, REQUEST_LOG)) }];
  for (const name of DATABASE_NAMES) reports.push({ database: name, ...(await verifyChain(dbs[name], DISCLOSURE_LOG)) });
  return reports;
}
