import type { Database } from '@civicgraph/db';
import { metricsOf } from '@civicgraph/observability';
import { createChainWriter, type ChainTable } from './hashChain';
import { createGroupCommit, type GroupCommit, type GroupCommitOptions } from './groupCommit';
import { openSpool, type Spool, type SpooledRow } from './spool';

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
  /**
   * What the response released of the operation's data: all of it (`DELIVERED`), some (`PARTIAL`: data with
   * errors, an owner out), or none (`NONE`: refused, withheld, or no data). Counting disclosures counts these,
   * not `ALLOWED` decisions.
   */
  released: Released;
  /** The staff member (username) behind a governance console request; null for applications' own requests. */
  person: string | null;
  /** The anonymous open-API client (its address) behind an open request; null for everyone else. */
  client: string | null;
}

export type Released = 'DELIVERED' | 'PARTIAL' | 'NONE';

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
  // Records written before the gateway made every request id its own took the client's as the id; records
  // written before it said what was released have none; records from before the console named no person,
  // and those from before the open API no client.
  addedColumns: ['correlation_id', 'released', 'person', 'client'],
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
  /** Records waiting in the local spool for the database to return (0 without a spool). */
  spooled(): number;
  /** Stops retrying the spool; what it holds stays on disk for the next start. */
  close(): Promise<void>;
}

export interface LogOptions {
  /** The service named in metrics. */
  service?: string;
  /**
   * A local file that holds records, durably, while the log's database cannot be written; they are chained
   * into the log, in order, when it returns. Without one, a record that cannot be written fails its append.
   */
  spoolFile?: string;
  /** How often a non-empty spool retries the database, ms. Default 1,000. */
  spoolRetryMs?: number;
}

/**
 * Writes through to the chain, or — while the store is down — to the spool. Once the spool holds anything,
 * every record goes after it (order is kept) until a retry has replayed it all into the chain.
 */
function spooledWriter(write: (rows: SpooledRow[]) => Promise<void>, spool: Spool, retryMs: number, onSpool: (size: number) => void) {
  let last: Promise<unknown> = Promise.resolve();
  const serialized = <R>(task: () => Promise<R>): Promise<R> => {
    const next = last.then(task, task);
    last = next.catch(() => {});
    return next;
  };
  const replay = () =>
    serialized(async () => {
      if (!spool.size) return;
      try {
        await spool.replay(write);
      } finally {
        onSpool(spool.size);
      }
    }).catch(() => {});
  const timer = setInterval(() => void (spool.size && replay()), retryMs);
  timer.unref();
  onSpool(spool.size);
  return {
    write: (rows: SpooledRow[]) =>
      serialized(async () => {
        if (!spool.size) {
          try {
            return await write(rows);
          } catch {
            // The store cannot be written: the records wait on disk, and the response is released once they are there.
          }
        }
        await spool.append(rows);
        onSpool(spool.size);
      }),
    async close() {
      clearInterval(timer);
      await last;
      await spool.close();
    },
  };
}

function createLog<T>(
  db: Database,
  chain: ChainTable,
  valuesOf: (record: T) => (string | number | Date | null | string[])[],
  { service = 'gateway', spoolFile, spoolRetryMs = 1_000 }: LogOptions,
  gather?: GroupCommitOptions['gather'],
): AuditLog<T> {
  const log = chain.table.replace(/^audit_/, '');
  const append = createChainWriter(db, chain);
  const metrics = metricsOf(service);
  const spool = spoolFile ? openSpool(spoolFile) : undefined;
  const writer = spool ? spooledWriter(append, spool, spoolRetryMs, (size) => metrics.auditSpool.set({ service, log }, size)) : undefined;
  const write = writer?.write ?? append;
  const commit = createGroupCommit<T>((records) => write(records.map(valuesOf)), {
    gather,
    onCommit: ({ records, seconds, failed, waitedSeconds }) => {
      metrics.auditBatchSize.observe({ service, log }, records);
      if (gather) metrics.auditCompanionWait.observe({ service, log }, waitedSeconds);
      metrics.auditCommitDuration.observe({ service, log, outcome: failed ? 'failed' : 'committed' }, seconds);
    },
  });
  return Object.assign(commit, { db, spooled: () => spool?.size ?? 0, close: async () => writer?.close() });
}

/** The gateway's request log, kept in the governance database. */
export function createRequestLog(db: Database, options: LogOptions = {}): AuditLog<RequestRecord> {
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
      r.released,
      r.person,
      r.client,
    ],
    options,
  );
}

/**
 * A subgraph's disclosure log, kept in the owner's own database. `gather`: the subgraph's requests still
 * executing, whose records a commit waits for (briefly) to carry them too.
 */
export function createDisclosureLog(db: Database, service: string, gather?: GroupCommitOptions['gather']): AuditLog<DisclosureRecord> {
  return createLog(db, DISCLOSURE_LOG, (r) => [...callerValues(r), r.entityType, null, r.fields, r.maskedFields, r.entityKeys], { service }, gather);
}
