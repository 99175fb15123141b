import { createHash } from 'node:crypto';
import type { Queryable } from '@civicgraph/db';

/** A hash-chained log table: `seq`, the columns below, `prev_hash`, `hash`; its head kept in `audit_chain`. */
export interface ChainTable {
  /** The table, also the chain's name in `audit_chain`. */
  table: string;
  /** Content columns, in the order their values are hashed. */
  columns: readonly string[];
}

/** The `prev_hash` of a chain's first record. */
export const GENESIS_HASH = '0'.repeat(64);

type Value = string | number | boolean | null | Date | readonly string[];

function canonical(value: Value): unknown {
  return value instanceof Date ? value.toISOString() : value;
}

/**
 * A record's hash: SHA-256 over its predecessor's hash, its sequence number and its content. Editing a
 * record breaks its own hash; rewriting the hash too breaks its successor's `prev_hash`; removing or
 * reordering records breaks the sequence or a `prev_hash`; removing the newest breaks the chain head.
 */
export function recordHash(prevHash: string, seq: number, values: readonly Value[]): string {
  return createHash('sha256').update(prevHash).update('\n').update(JSON.stringify([seq, ...values.map(canonical)])).digest('hex');
}

/** Rows per INSERT statement (PostgreSQL allows 65,535 parameters per statement). */
const ROWS_PER_STATEMENT = 500;

/**
 * Appends rows to the chain inside the caller's transaction. The head row is locked first, so writers in
 * other processes (a second gateway) queue behind this transaction and the chain stays one sequence.
 */
export async function appendToChain(tx: Queryable, chain: ChainTable, rows: readonly (readonly Value[])[]): Promise<void> {
  if (!rows.length) return;
  await tx.query(`INSERT INTO audit_chain (name, last_seq, last_hash) VALUES ($1, 0, $2) ON CONFLICT (name) DO NOTHING`, [chain.table, GENESIS_HASH]);
  const [head] = await tx.query<{ last_seq: string | number | bigint; last_hash: string }>(
    `SELECT last_seq, last_hash FROM audit_chain WHERE name = $1 FOR UPDATE`,
    [chain.table],
  );
  let seq = Number(head!.last_seq);
  let prevHash = head!.last_hash;
  const width = chain.columns.length + 3;
  const columnList = ['seq', ...chain.columns, 'prev_hash', 'hash'].join(', ');
  for (let start = 0; start < rows.length; start += ROWS_PER_STATEMENT) {
    const slice = rows.slice(start, start + ROWS_PER_STATEMENT);
    const params: unknown[] = [];
    const tuples = slice.map((values, i) => {
      seq += 1;
      const hash = recordHash(prevHash, seq, values);
      params.push(seq, ...values, prevHash, hash);
      prevHash = hash;
      return `(${Array.from({ length: width }, (_, j) => `$${i * width + j + 1}`).join(', ')})`;
    });
    await tx.query(`INSERT INTO ${chain.table} (${columnList}) VALUES ${tuples.join(', ')}`, params);
  }
  await tx.query(`UPDATE audit_chain SET last_seq = $2, last_hash = $3 WHERE name = $1`, [chain.table, seq, prevHash]);
}

export interface ChainReport {
  table: string;
  /** Records read. */
  records: number;
  /** The newest record's sequence number and hash, as the chain head says; worth anchoring elsewhere. */
  head: { seq: number; hash: string } | null;
  /** The first thing wrong, naming the record; null when the chain is intact. */
  problem: string | null;
}

const PAGE = 5_000;

/** Re-reads a chain from its first record and checks every link; stops at the first problem. */
export async function verifyChain(db: Queryable, chain: ChainTable): Promise<ChainReport> {
  const [headRow] = await db.query<{ last_seq: string | number | bigint; last_hash: string }>(`SELECT last_seq, last_hash FROM audit_chain WHERE name = $1`, [chain.table]);
  const head = headRow ? { seq: Number(headRow.last_seq), hash: headRow.last_hash } : null;
  const report = (records: number, problem: string | null): ChainReport => ({ table: chain.table, records, head, problem });
  let records = 0;
  let lastSeq = 0;
  let lastHash = GENESIS_HASH;
  for (;;) {
    const rows = await db.query<Record<string, unknown>>(
      `SELECT seq, ${chain.columns.join(', ')}, prev_hash, hash FROM ${chain.table} WHERE seq > $1 ORDER BY seq LIMIT ${PAGE}`,
      [lastSeq],
    );
    for (const row of rows) {
      const seq = Number(row.seq);
      if (seq !== lastSeq + 1) {
        return report(records, seq - lastSeq === 2 ? `record ${lastSeq + 1} is missing (deleted)` : `records ${lastSeq + 1}–${seq - 1} are missing (deleted)`);
      }
      const values = chain.columns.map((c) => row[c] as Value);
      if (recordHash(row.prev_hash as string, seq, values) !== row.hash) return report(records, `record ${seq} was edited: its content does not match its hash`);
      if (row.prev_hash !== lastHash) {
        return report(records, `record ${seq} does not follow record ${lastSeq}: record ${lastSeq} was rewritten, or records were removed or reordered`);
      }
      records++;
      lastSeq = seq;
      lastHash = row.hash as string;
    }
    if (rows.length < PAGE) break;
  }
  if (!head) return report(records, records ? `the chain head is missing from audit_chain (${records} records have none)` : null);
  if (head.seq > lastSeq) {
    return report(records, head.seq === lastSeq + 1 ? `record ${head.seq} is missing (deleted from the end)` : `records ${lastSeq + 1}–${head.seq} are missing (deleted from the end)`);
  }
  if (head.seq < lastSeq) return report(records, `record ${head.seq + 1} was appended outside the audit writer (the chain head ends at ${head.seq})`);
  if (head.hash !== lastHash) return report(records, `record ${lastSeq} was rewritten: the chain head recorded another hash`);
  return report(records, null);
}
