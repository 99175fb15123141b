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

/** The GraphQL response of an audit-pending body, as an ordinary JSON response, and whether its records were committed. */
export interface AuditPendingResponse {
  response: Response;
  /** Resolves true once the subgraph confirmed the commit; false if it failed or never said. Never rejects. Null: not audit-pending. */
  committed: Promise<boolean> | null;
}

/**
 * Reads an audit-pending response: resolves as soon as its first line (the GraphQL response) has arrived,
 * while the rest of the body (the commit's outcome) is read on; rejects, as a fetch would, when the
 * connection breaks before that line is complete. Any other response is passed through
 * with `committed` null: the subgraph committed (if it disclosed anything) before it answered.
 */
export async function readAuditPending(response: Response): Promise<AuditPendingResponse> {
  if (!response.headers.get('content-type')?.startsWith(AUDIT_PENDING_MEDIA_TYPE) || !response.body) return { response, committed: null };
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  let text = '';
  let newline = -1;
  for (;;) {
    const { done, value } = await reader.read();
    const scanned = text.length; // only the new text can hold the line break
    if (value) text += decoder.decode(value, { stream: true });
    newline = text.indexOf('\n', scanned);
    if (newline >= 0 || done) break;
  }
  const headers = new Headers(response.headers);
  headers.set('content-type', 'application/json; charset=utf-8');
  const first = new Response(newline >= 0 ? text.slice(0, newline) : text, { status: response.status, headers });
  if (newline < 0) return { response: first, committed: Promise.resolve(false) };
  const committed = (async () => {
    let rest = text.slice(newline + 1);
    for (;;) {
      const { done, value } = await reader.read();
      if (value) rest += decoder.decode(value, { stream: true });
      if (done) break;
    }
    try {
      return (JSON.parse(rest) as { audit?: unknown }).audit === 'committed';
    } catch {
      return false;
    }
  })().catch(() => false); // the connection broke: nothing confirmed
  return { response: first, committed };
}
