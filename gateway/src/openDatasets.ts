import type { IncomingMessage, ServerResponse } from 'node:http';
import { downloadPathOf, openList, openListJsonLd, type OpenDataset } from '@civicgraph/schema';
import { sendJson, type RawGraphQLRequest, type RawGraphQLResponse, type RouteHandler } from '@civicgraph/server';

/** Records per page of a bulk export by default: each page is one request of the open API, on record and counted like any other. */
export const DEFAULT_EXPORT_PAGE_SIZE = 100;
/** How long an export waits out the client's rate limit before it gives up and tells the client where to resume, s. */
const MAX_RATE_WAIT_SECONDS = 30;

type Execute = (request: RawGraphQLRequest) => Promise<RawGraphQLResponse>;

interface PageAnswer {
  status: number;
  headers: Record<string, string>;
  records: { cursor?: string; record: unknown }[];
  next: string | null;
  error?: { code: string; message: string; retryAfter?: number };
}

function refuse(res: ServerResponse, status: number, code: string, message: string) {
  sendJson(res, status, { errors: [{ message, extensions: { code } }] });
}

/** The gateway's own address for the links of the open list, from the Host header when it is a plain host name. */
function baseUrlOf(req: IncomingMessage): string {
  const host = req.headers.host;
  return `http://${host && /^[A-Za-z0-9.-]+(:\d+)?$|^\[[0-9A-Fa-f:.]+\](:\d+)?$/.test(host) ? host : 'localhost'}`;
}

/** The document one export page sends: the dataset's open fields, by keyset page where the list pages. */
function exportDocument(dataset: OpenDataset, pageSize: number): string {
  const { field, paged, selection, each } = dataset.export!;
  if (paged)
    return `query OpenExport($after: String) { ${field}(first: ${pageSize}, after: $after) { edges { cursor node { ${selection} } } pageInfo { hasNextPage endCursor } } }`;
  // Each value of the classifying argument under its own alias, in the enum's order.
  if (each) return `query OpenExport { ${each.values.map((v, i) => `v${i}: ${field}(${each.argument}: ${v}) { ${selection} }`).join(' ')} }`;
  return `query OpenExport { ${field} { ${selection} } }`;
}

/**
 * The open list and its bulk exports, on the gateway beside the open API:
 *
 * - `GET /open/datasets`: the open list as a DCAT-AP catalog in JSON-LD.
 * - `GET /open/datasets/<id>[?after=<cursor>]`: every record of an unconditionally open dataset, streamed as
 *   NDJSON (`{"cursor": …, "record": {…}}` per line where the list pages). Each page is a request of the open
 *   API from the client — authorized under the open scenario, on record, within the client's limits — so an
 *   export costs the client what its pages would. When a page cannot be had (the client's quota is spent), the
 *   last line says why and where to resume (`{"error": …, "resumeAfter": <cursor>}`).
 */
export function openDatasetRoutes(execute: Execute, pageSize = DEFAULT_EXPORT_PAGE_SIZE, datasets: readonly OpenDataset[] = openList()): RouteHandler {
  const byId = new Map(datasets.map((d) => [d.id, d]));

  async function page(dataset: OpenDataset, after: string | null, client: string | undefined): Promise<PageAnswer> {
    const body = JSON.stringify({ query: exportDocument(dataset, pageSize), variables: dataset.export!.paged ? { after } : {} });
    const response = await execute({ method: 'POST', headers: { 'content-type': 'application/json' }, search: '', body, remoteAddress: client });
    const answer = JSON.parse(response.body) as {
      data?: Record<string, unknown> | null;
      errors?: { message: string; extensions?: { code?: string; retryAfter?: number } }[];
    };
    const base = { status: response.status, headers: response.headers };
    const [error] = answer.errors ?? [];
    if (error || !answer.data) {
      return {
        ...base,
        records: [],
        next: null,
        error: { code: error?.extensions?.code ?? 'INTERNAL_SERVER_ERROR', message: error?.message ?? 'no data', retryAfter: error?.extensions?.retryAfter },
      };
    }
    const { field, paged, each } = dataset.export!;
    if (!paged) {
      const lists = (each ? each.values.map((_, i) => answer.data![`v${i}`]) : [answer.data[field]]) as unknown[][];
      return { ...base, records: lists.flat().map((record) => ({ record })), next: null };
    }
    const value = answer.data[field];
    const connection = value as { edges: { cursor: string; node: unknown }[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } };
    return {
      ...base,
      records: connection.edges.map((e) => ({ cursor: e.cursor, record: e.node })),
      next: connection.pageInfo.hasNextPage ? connection.pageInfo.endCursor : null,
    };
  }

  /** A page, waiting out the client's per-second rate (not its daily quota) a few times. */
  async function pageWithinRate(dataset: OpenDataset, after: string | null, client: string | undefined, closed: () => boolean): Promise<PageAnswer> {
    let waited = 0;
    for (;;) {
      const answer = await page(dataset, after, client);
      const wait = answer.error?.code === 'RATE_LIMITED' ? (answer.error.retryAfter ?? 1) : 0;
      if (!wait || waited + wait > MAX_RATE_WAIT_SECONDS || closed()) return answer;
      waited += wait;
      await new Promise((resolve) => setTimeout(resolve, wait * 1000));
    }
  }

  return async (req, res) => {
    if (req.method !== 'GET') return refuse(res, 405, 'BAD_REQUEST', 'GET /open/datasets or /open/datasets/<id>');
    const url = new URL(req.url ?? '/', 'http://gateway');
    if (url.pathname === '/open/datasets' || url.pathname === '/open/datasets/') {
      return sendJson(res, 200, openListJsonLd(datasets, baseUrlOf(req)), { 'content-type': 'application/ld+json; charset=utf-8' });
    }
    const id = decodeURIComponent(url.pathname.slice('/open/datasets/'.length));
    const dataset = byId.get(id);
    if (!dataset) return refuse(res, 404, 'NOT_FOUND', `The open list has no dataset "${id}": GET /open/datasets lists them`);
    if (!dataset.export || downloadPathOf(dataset) === null) {
      return refuse(res, 404, 'NOT_FOUND', `Dataset "${id}" has no bulk export: read it through ${dataset.accessFields.join(', ')}`);
    }
    const after = url.searchParams.get('after');
    if (after !== null && !dataset.export.paged) return refuse(res, 400, 'BAD_USER_INPUT', `Dataset "${id}" is exported whole: it takes no "after"`);
    const client = req.socket.remoteAddress;
    let closed = false;
    res.on('close', () => (closed = true));

    // The first page decides the status: a refusal before anything is sent is an ordinary error response.
    let answer = await pageWithinRate(dataset, after, client, () => closed);
    if (answer.error) {
      const headers = Object.fromEntries(Object.entries(answer.headers).filter(([name]) => name !== 'content-length'));
      res.writeHead(answer.status === 200 ? 400 : answer.status, headers);
      res.end(JSON.stringify({ errors: [{ message: answer.error.message, extensions: { code: answer.error.code } }] }));
      return;
    }
    const passOn = Object.entries(answer.headers).filter(([name]) => name.startsWith('x-ratelimit-') || name === 'x-request-id');
    res.writeHead(200, { 'content-type': 'application/x-ndjson; charset=utf-8', 'cache-control': 'no-store', ...Object.fromEntries(passOn) });
    let resumeAfter = after;
    for (;;) {
      for (const line of answer.records) {
        if (!res.write(`${JSON.stringify(line)}\n`)) await new Promise((resolve) => res.once('drain', resolve).once('close', resolve));
        if (line.cursor) resumeAfter = line.cursor;
      }
      if (!answer.next || closed) break;
      answer = await pageWithinRate(dataset, answer.next, client, () => closed);
      if (answer.error) {
        res.write(`${JSON.stringify({ error: answer.error, resumeAfter })}\n`);
        break;
      }
    }
    res.end();
  };
}
