import { DISCLOSURE_LOG, REQUEST_LOG, verifyChain, type ChainTable } from '@civicgraph/audit';
import type { Queryable } from '@civicgraph/db';

/** A hash chain verified now, as the API reports it: records read, the head to anchor, the first thing wrong. */
export interface AuditChainStatus {
  table: string;
  records: number;
  headSeq: number | null;
  headHash: string | null;
  problem: string | null;
  verifiedAt: Date;
}

async function statusOf(db: Queryable, chain: ChainTable): Promise<AuditChainStatus> {
  const report = await verifyChain(db, chain);
  return {
    table: report.table,
    records: report.records,
    headSeq: report.head?.seq ?? null,
    headHash: report.head?.hash ?? null,
    problem: report.problem,
    verifiedAt: new Date(),
  };
}

/** This database's disclosure log, verified record by record. */
export const disclosureChainStatus = (db: Queryable) => statusOf(db, DISCLOSURE_LOG);
/** The gateway's request log (in the governance database), verified record by record. */
export const requestLogChainStatus = (db: Queryable) => statusOf(db, REQUEST_LOG);
