/**
 * A response released before its audit records are committed, and the outcome of that commit sent after
 * it on the same HTTP response. A subgraph answers this way only to a gateway that holds its own client's
 * response until every owner has confirmed (the signed context's `holdsResponse`): the owners' commits
 * then overlap the rest of the query plan instead of each adding a wait in series, and still nothing
 * reaches the client before every record of it is durable.
 *
 * The body is two lines: the GraphQL response (JSON has no raw line breaks), then `{"audit":"committed"}`
 * or `{"audit":"failed"}`. A body that ends before the second line (the subgraph died) counts as failed.
 */
export const AUDIT_PENDING_MEDIA_TYPE = 'application/vnd.civicgraph.audit-pending+jsonl';

/** The second line, by outcome. */
export function auditOutcomeLine(committed: boolean): string {
  return `${JSON.stringify({ audit: committed ? 'committed' : 'failed' })}\n`;
}

/** Whether a response with this content type is audit-pending (two lines) rather than plain JSON. */
export function isAuditPending(contentType: string | null | undefined): boolean {
  return contentType?.startsWith(AUDIT_PENDING_MEDIA_TYPE) ?? false;
}

/** An audit-pending body, read up to its first line: the GraphQL response, and whether its records were committed. */
export interface AuditPendingBody {
  /** The first line: the subgraph's GraphQL response (JSON). */
  response: string;
  /** Resolves true once the subgraph confirmed the commit; false if it failed or never said. Never rejects. */
  committed: Promise<boolean>;
}

const LINE_BREAK = 0x0a;

/**
 * Reads an audit-pending body: resolves as soon as its first line (the GraphQL response) has arrived,
 * while the rest (the commit's outcome) is read on; rejects, as a fetch would, when the connection breaks
 * before that line is complete. Works on the raw bytes (a Node stream or a web stream's chunks): a line
 * break byte never occurs inside a UTF-8 sequence, so the line is decoded once, whole.
 */
export async function readAuditPending(body: AsyncIterable<Uint8Array>): Promise<AuditPendingBody> {
  const chunks = body[Symbol.asyncIterator]();
  const head: Uint8Array[] = [];
  for (;;) {
    const { done, value } = await chunks.next();
    if (done) throw new Error('the audit-pending response ended before its first line was complete');
    const newline = value.indexOf(LINE_BREAK);
    if (newline < 0) {
      head.push(value);
      continue;
    }
    head.push(value.subarray(0, newline));
    const response = Buffer.concat(head).toString('utf8');
    const committed = readOutcome(chunks, value.subarray(newline + 1));
    return { response, committed };
  }
}

/** The second line, read to the end of the body: confirmed only by exactly `{"audit":"committed"}`. */
async function readOutcome(chunks: AsyncIterator<Uint8Array>, start: Uint8Array): Promise<boolean> {
  try {
    const rest = [start];
    for (;;) {
      const { done, value } = await chunks.next();
      if (done) break;
      rest.push(value);
    }
    return (JSON.parse(Buffer.concat(rest).toString('utf8')) as { audit?: unknown }).audit === 'committed';
  } catch {
    return false; // garbled, or the connection broke: nothing confirmed
  }
}
