import type { Database } from '@civicgraph/db';
import { metricsOf } from '@civicgraph/observability';
import { createChainWriter, type ChainTable } from './hashChain';
import { createGroupCommit, type GroupCommit, type GroupCommitOptions } from './groupCommit';

/** Who asked, as the gateway established it; the same on both logs. */
export interface AuditCaller {
  requestId: string;
  /** When the request arrived. */
  at: Date;
  app: string | null;
  department: string | null;
  scenario: string | null;
  grantVersion: number | null;
  /** The citizen the app acted for (ID number from the subject token). */
  subject: string | null;
  useReason: string | null;
}

/** The gateway's record of one operation (请求日志). */
export interface RequestRecord extends AuditCaller {
  /** Position in a batched HTTP request; 0 otherwise. */
  operationIndex: number;
  operationName: string | null;
  /** SHA-256 of the document. */
  documentHash: string | null;
  /** Every field coordinate the operation could reach. */
  coordinates: string[];
  decision: 'ALLOWED' | 'REFUSED';
  errorCodes: string[];
  /** Records the subgraphs disclosed for it (their disclosure logs). */
  records: number;
  durationMs: number;
  /** The client's own `X-Request-Id`, kept beside the gateway's request id to find its requests by. */
  correlationId: string | null;
}

/**
 * An owner's record of what it disclosed for one request (披露日志): the same fields of one or more records
 * of one type (a list of 50 people read alike is one record naming 50 keys, not 50 records).
 */
export interface DisclosureRecord extends AuditCaller {
  entityType: string;
  /** The records' keys, in the order they were first read. */
  entityKeys: string[];
  /** Fields disclosed, masked ones included. */
  fields: string[];
  /** The fields among them that left masked. */
  maskedFields: string[];
}

/** The caller's columns, in the order their values are hashed (the same on both logs). */
const CALLER_COLUMNS = ['request_id', 'at', 'app', 'department', 'scenario', 'grant_version', 'subject', 'use_reason'];

export const REQUEST_LOG: ChainTable = {
  table: 'audit_request',
  columns: [...CALLER_COLUMNS, 'operation_index', 'operation_name', 'document_hash', 'coordinates', 'decision', 'error_codes', 'records', 'duration_ms'],
  // Records written before the gateway made every request id its own took the client's as the id.
  addedColumns: ['correlation_id'],
};

export const DISCLOSURE_LOG: ChainTable = {
  table: 'audit_disclosure',
  columns: [...CALLER_COLUMNS, 'entity_type', 'entity_key', 'fields', 'masked_fields'],
  // Records written before it named one record each, in `entity_key` (now null).
  addedColumns: ['entity_keys'],
};

const callerValues = (r: AuditCaller) => [r.requestId, r.at, r.app, r.department, r.scenario, r.grantVersion, r.subject, r.useReason];

export interface AuditLog<T> extends GroupCommit<T> {
  readonly db: Database;
}

function createLog<T>(
  db: Database,
  chain: ChainTable,
  valuesOf: (record: T) => (string | number | Date | null | string[])[],
  service: string,
  gather?: GroupCommitOptions['gather'],
): AuditLog<T> {
  const log = chain.table.replace(/^audit_/, '');
  const append = createChainWriter(db, chain);
  const metrics = metricsOf(service);
  const commit = createGroupCommit<T>((records) => append(records.map(valuesOf)), {
    gather,
    onCommit: ({ records, seconds, failed, waitedSeconds }) => {
      metrics.auditBatchSize.observe({ service, log }, records);
      if (gather) metrics.auditCompanionWait.observe({ service, log }, waitedSeconds);
      metrics.auditCommitDuration.observe({ service, log, outcome: failed ? 'failed' : 'committed' }, seconds);
    },
  });
  return { ...commit, db };
}

/** The gateway's request log, kept in the governance database. */
export function createRequestLog(db: Database, service = 'gateway'): AuditLog<RequestRecord> {
  return createLog(
    db,
    REQUEST_LOG,
    (r) => [
      ...callerValues(r),
      r.operationIndex,
      r.operationName,
      r.documentHash,
      r.coordinates,
      r.decision,
      r.errorCodes,
      r.records,
      r.durationMs,
      r.correlationId,
    ],
    service,
  );
}

/**
 * A subgraph's disclosure log, kept in the owner's own database. `gather`: the subgraph's requests still
 * executing, whose records a commit waits for (briefly) to carry them too.
 */
export function createDisclosureLog(db: Database, service: string, gather?: GroupCommitOptions['gather']): AuditLog<DisclosureRecord> {
  return createLog(db, DISCLOSURE_LOG, (r) => [...callerValues(r), r.entityType, null, r.fields, r.maskedFields, r.entityKeys], service, gather);
}
