import { badUserInput } from '@civicgraph/errors';

/** Largest page any list field returns; documented on each field. */
export const MAX_PAGE_SIZE = 100;

export interface PageRequest {
  first: number;
  /** Exclusive lower bound on the id ordering, from the `after` cursor. */
  afterId: string | undefined;
}

const CURSOR_PREFIX = 'v1:';

export function encodeCursor(id: string): string {
  return Buffer.from(CURSOR_PREFIX + id).toString('base64url');
}

/** Validates `first` (1–MAX_PAGE_SIZE) and decodes `after`, throwing BAD_USER_INPUT for either. */
export function pageRequest(first: number | null | undefined, after: string | null | undefined): PageRequest {
  const size = first ?? 20;
  if (!Number.isInteger(size) || size < 1 || size > MAX_PAGE_SIZE) throw badUserInput('first', `must be between 1 and ${MAX_PAGE_SIZE}, got ${size}`);
  if (after == null) return { first: size, afterId: undefined };
  const decoded = Buffer.from(after, 'base64url').toString('utf8');
  if (!decoded.startsWith(CURSOR_PREFIX) || decoded.length <= CURSOR_PREFIX.length) throw badUserInput('after', 'not a cursor returned by this API');
  return { first: size, afterId: decoded.slice(CURSOR_PREFIX.length) };
}

export interface Connection<T> {
  edges: { cursor: string; node: T }[];
  nodes: T[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
}

/** Builds a connection from rows fetched with `take: first + 1` (the extra row only tells whether there is a next page). */
export function connectionOf<T extends { id: string }>(rows: T[], first: number): Connection<T> {
  const nodes = rows.slice(0, first);
  const edges = nodes.map((node) => ({ cursor: encodeCursor(node.id), node }));
  return { edges, nodes, pageInfo: { hasNextPage: rows.length > first, endCursor: edges.at(-1)?.cursor ?? null } };
}

/**
 * One page of a search ordered by id: validates `first`/`after`, fetches `first + 1` rows after the
 * cursor, and builds the connection. `fetch` adds the `id > afterId` bound to its own filter.
 */
export async function findPage<T extends { id: string }>(
  args: { first?: number | null; after?: string | null },
  fetch: (page: { afterId: string | undefined; take: number }) => Promise<T[]>,
): Promise<Connection<T>> {
  const page = pageRequest(args.first, args.after);
  return connectionOf(await fetch({ afterId: page.afterId, take: page.first + 1 }), page.first);
}
