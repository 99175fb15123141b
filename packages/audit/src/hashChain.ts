import { createHash } from 'node:crypto';
import type { Queryable } from '@civicgraph/db';

/** A hash-chained log table: `seq`, the columns below, `prev_hash`, `hash`; its head kept in `audit_chain`. */
export interface ChainTable {
  /** The table, also the chain's name in `audit_chain`. */
  table: string;
  /** Content columns, in the order their values are hashed. */
  columns: readonly string[];
  /**
   * Columns added after records were written, after `columns` in hashing order. They are hashed up to the
   * last one that is not null, so a record written before they existed (all null) keeps its hash.
   */
  addedColumns?: readonly string[];
}

/** Every content column of a chain, in hashing order. */
function contentColumns(chain: ChainTable): readonly string[] {
  return [...chain.columns, ...(chain.addedColumns ?? [])];
}

/** The values a record's hash covers: its added columns only up to the last that is set. */
function hashedValues(chain: ChainTable, values: readonly Value[]): readonly Value[] {
  let end = values.length;
  while (end > chain.columns.length && values[end - 1] == null) end--;
  return end === values.length ? values : values.slice(0, end);
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
  return createHash('sha256')
    .update(prevHash)
    .update('\n')
    .update(JSON.stringify([seq, ...values.map(canonical)]))
    .digest('hex');
}

type Head = { seq: number; hash: string };

async function readHead(db: Queryable, chain: ChainTable): Promise<Head> {
  await db.query(`INSERT INTO audit_chain (name, last_seq, last_hash) VALUES ($1, 0, $2) ON CONFLICT (name) DO NOTHING`, [chain.table, GENESIS_HASH]);
  const [head] = await db.query<{ last_seq: string | number | bigint; last_hash: string }>(`SELECT last_seq, last_hash FROM audit_chain WHERE name = $1`, [
    chain.table,
  ]);
  return { seq: Number(head!.last_seq), hash: head!.last_hash };
}

/** How often an append retries when other writers keep advancing the chain under it. */
const MAX_ATTEMPTS = 20;

/**
 * A writer of one chain. Each append is ONE statement, atomic on its own: it moves the chain head from
 * the head this writer last saw to the new one (compare-and-swap) and inserts the rows only if that
 * worked. If another writer (a second gateway) got there first, nothing is written; the writer re-reads
 * the head, rehashes and tries again. So the chain stays one sequence with any number of writers, and
 * the common case costs one round trip per group commit, of a statement prepared once per connection.
 *
 * The rows travel as one JSON parameter, read back into the table's own row type: the statement's text is
 * the same for every batch size (PostgreSQL parses one short statement instead of one with a placeholder per
 * value), and every value is converted by its column's own input
 * function, so a value too long for its column is an error, never a silently cut copy.
 */
export function createChainWriter(db: Queryable, chain: ChainTable): (rows: readonly (readonly Value[])[]) => Promise<void> {
  let head: Head | null = null;
  const content = contentColumns(chain);
  const columns = ['seq', ...content, 'prev_hash', 'hash'];
  const columnList = columns.join(', ');
  const statement = `WITH head AS (
      UPDATE audit_chain SET last_seq = $1, last_hash = $2 WHERE name = $3 AND last_seq = $4 AND last_hash = $5 RETURNING 1
    ), inserted AS (
      INSERT INTO ${chain.table} (${columnList})
      SELECT ${columnList} FROM json_populate_recordset(NULL::${chain.table}, $6::json) WHERE EXISTS (SELECT 1 FROM head)
      RETURNING 1
    )
    SELECT (SELECT count(*) FROM head)::int AS advanced, (SELECT count(*) FROM inserted)::int AS rows`;
  // Prepared once per connection: parsing and planning it every time was a large part of an append's
  // database CPU. Named after its text, so writers of one table with different columns (across an
  // upgrade) never share a name.
  const prepared = `civicgraph_append_${createHash('sha256').update(statement).digest('hex').slice(0, 16)}`;
  return async (rows) => {
    if (!rows.length) return;
    for (let attempt = 1; ; attempt++) {
      try {
        head ??= await readHead(db, chain);
        let seq = head.seq;
        let prevHash = head.hash;
        const records = rows.map((values) => {
          seq += 1;
          const hash = recordHash(prevHash, seq, hashedValues(chain, values));
          const record: Record<string, unknown> = { seq, prev_hash: prevHash, hash };
          content.forEach((column, i) => (record[column] = canonical(values[i] ?? null)));
          prevHash = hash;
          return record;
        });
        const [result] = await db.query<{ advanced: number }>(statement, [seq, prevHash, chain.table, head.seq, head.hash, JSON.stringify(records)], {
          prepared,
        });
        if (result!.advanced === 1) {
          head = { seq, hash: prevHash };
          return;
        }
      } catch (error) {
        // The store failed: whatever it holds now, read the head afresh next time.
        head = null;
        throw error;
      }
      // Another writer advanced the chain first.
      head = null;
      if (attempt >= MAX_ATTEMPTS) throw new Error(`audit chain ${chain.table}: ${MAX_ATTEMPTS} attempts lost to other writers`);
    }
  };
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

/** A record's hash as an operator copied it out of the database earlier (from `audit verify`'s head). */
export interface ChainAnchor {
  seq: number;
  hash: string;
}

/**
 * Re-reads a chain from its first record and checks every link; stops at the first problem. Anchors —
 * heads copied elsewhere earlier — must still be in it: a chain rewritten whole, head included, links up
 * again but no longer holds them.
 */
export async function verifyChain(db: Queryable, chain: ChainTable, anchors: readonly ChainAnchor[] = []): Promise<ChainReport> {
  const anchored = new Map(anchors.map((a) => [a.seq, a.hash]));
  const [headRow] = await db.query<{ last_seq: string | number | bigint; last_hash: string }>(`SELECT last_seq, last_hash FROM audit_chain WHERE name = $1`, [
    chain.table,
  ]);
  const head = headRow ? { seq: Number(headRow.last_seq), hash: headRow.last_hash } : null;
  const report = (records: number, problem: string | null): ChainReport => ({ table: chain.table, records, head, problem });
  let records = 0;
  let lastSeq = 0;
  let lastHash = GENESIS_HASH;
  const content = contentColumns(chain);
  for (;;) {
    const rows = await db.query<Record<string, unknown>>(
      `SELECT seq, ${content.join(', ')}, prev_hash, hash FROM ${chain.table} WHERE seq > $1 ORDER BY seq LIMIT ${PAGE}`,
      [lastSeq],
    );
    for (const row of rows) {
      const seq = Number(row.seq);
      if (seq !== lastSeq + 1) {
        return report(records, seq - lastSeq === 2 ? `record ${lastSeq + 1} is missing (deleted)` : `records ${lastSeq + 1}–${seq - 1} are missing (deleted)`);
      }
      const values = hashedValues(
        chain,
        content.map((c) => row[c] as Value),
      );
      if (recordHash(row.prev_hash as string, seq, values) !== row.hash)
        return report(records, `record ${seq} was edited: its content does not match its hash`);
      if (row.prev_hash !== lastHash) {
        return report(records, `record ${seq} does not follow record ${lastSeq}: record ${lastSeq} was rewritten, or records were removed or reordered`);
      }
      const anchor = anchored.get(seq);
      if (anchor !== undefined && anchor !== row.hash) {
        return report(records, `record ${seq} is not the record anchored (hash ${anchor}): the chain was rewritten from there or before`);
      }
      records++;
      lastSeq = seq;
      lastHash = row.hash as string;
    }
    if (rows.length < PAGE) break;
  }
  const beyond = Math.max(0, ...anchored.keys());
  if (beyond > lastSeq) return report(records, `record ${beyond} was anchored, but the chain ends at ${lastSeq}: records were removed`);
  if (!head) return report(records, records ? `the chain head is missing from audit_chain (${records} records have none)` : null);
  if (head.seq > lastSeq) {
    return report(
      records,
      head.seq === lastSeq + 1
        ? `record ${head.seq} is missing (deleted from the end)`
        : `records ${lastSeq + 1}–${head.seq} are missing (deleted from the end)`,
    );
  }
  if (head.seq < lastSeq) return report(records, `record ${head.seq + 1} was appended outside the audit writer (the chain head ends at ${head.seq})`);
  if (head.hash !== lastHash) return report(records, `record ${lastSeq} was rewritten: the chain head recorded another hash`);
  return report(records, null);
}
