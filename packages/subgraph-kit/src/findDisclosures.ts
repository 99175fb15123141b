import { badUserInput } from '@civicgraph/errors';
import { parseIdNumber } from '@civicgraph/identifiers';
import { requireRecordId, requireValid } from './arguments';
import { encodeCursor, pageRequest } from './pagination';

/** A row of `audit_disclosure`, as every base database's Prisma client reads it. */
interface DisclosureRow {
  seq: bigint;
  requestId: string;
  at: Date;
  app: string | null;
  department: string | null;
  scenario: string | null;
  subject: string | null;
  useReason: string | null;
  entityType: string;
  /** Set in records written before `entityKeys` existed (one record each); null since. */
  entityKey: string | null;
  entityKeys: string[] | null;
  fields: string[];
  maskedFields: string[];
}

interface DisclosureWhere {
  app?: string;
  scenario?: string;
  subject?: string;
  entityType?: string;
  /** One record: named alone (older records) or among the keys (`@>`, the GIN index). */
  OR?: [{ entityKey: string }, { entityKeys: { has: string } }];
  requestId?: string;
  at?: { gte?: Date; lt?: Date };
  seq?: { lt: bigint };
}

/** The part of a base database's Prisma client the disclosure log needs (every one has the model). */
export interface DisclosureStore {
  auditDisclosure: { findMany(args: { where: DisclosureWhere; orderBy: { seq: 'desc' }; take: number }): Promise<DisclosureRow[]> };
}

export interface DisclosureFilterInput extends AuditCallerFilterInput {
  entityType?: string | null;
  entityKey?: string | null;
}

/**
 * One disclosure as the schema shows it: the reader as references the governance subgraph resolves. Asked
 * about one record (an access log, a filter by key), it names only that record, never the others read
 * alongside it.
 */
function disclosureNode(row: DisclosureRow, onlyKey: string | undefined) {
  return {
    requestId: row.requestId,
    at: row.at,
    department: { code: row.department ?? '' },
    application: { id: row.app ?? '' },
    scenario: { code: row.scenario ?? '' },
    subject: row.subject,
    useReason: row.useReason,
    entityType: row.entityType,
    entityKeys: onlyKey !== undefined ? [onlyKey] : row.entityKey !== null ? [row.entityKey] : (row.entityKeys ?? []),
    fields: row.fields,
    maskedFields: row.maskedFields,
  };
}

/** The filters both audit logs (request and disclosure) share: who asked, for whom, which request, when. */
export interface AuditCallerFilterInput {
  application?: string | null;
  scenario?: string | null;
  subject?: string | null;
  requestId?: string | null;
  from?: Date | null;
  to?: Date | null;
}

/** Those filters validated, as a Prisma `where` on either log's columns. */
export function auditCallerWhere(
  filter: AuditCallerFilterInput | null | undefined,
): Pick<DisclosureWhere, 'app' | 'scenario' | 'subject' | 'requestId' | 'at'> {
  const where: Pick<DisclosureWhere, 'app' | 'scenario' | 'subject' | 'requestId' | 'at'> = {};
  if (!filter) return where;
  if (filter.application != null) where.app = requireRecordId('filter.application', filter.application);
  if (filter.scenario != null) where.scenario = filter.scenario;
  if (filter.subject != null) where.subject = requireValid('filter.subject', parseIdNumber(filter.subject)).value;
  if (filter.requestId != null) where.requestId = filter.requestId;
  if (filter.from && filter.to && filter.from >= filter.to) throw badUserInput('filter.from', 'must be before filter.to');
  if (filter.from || filter.to) where.at = { ...(filter.from ? { gte: filter.from } : {}), ...(filter.to ? { lt: filter.to } : {}) };
  return where;
}

/**
 * A page of an audit log, newest first. Cursors are the log's sequence numbers, so a page never shifts
 * as new records arrive; `fetch` adds `seq < before` to its filter when given.
 */
export async function newestFirstPage<T extends { seq: bigint }>(
  args: { first?: number | null; after?: string | null },
  fetch: (page: { before: bigint | undefined; take: number }) => Promise<T[]>,
): Promise<{ nodes: T[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } }> {
  const page = pageRequest(args.first, args.after);
  if (page.afterId !== undefined && !/^\d{1,19}$/.test(page.afterId)) throw badUserInput('after', 'not a cursor returned by this API');
  const rows = await fetch({ before: page.afterId === undefined ? undefined : BigInt(page.afterId), take: page.first + 1 });
  const nodes = rows.slice(0, page.first);
  return { nodes, pageInfo: { hasNextPage: rows.length > page.first, endCursor: nodes.length ? encodeCursor(String(nodes.at(-1)!.seq)) : null } };
}

function whereOf(filter: DisclosureFilterInput | null | undefined): DisclosureWhere {
  const where: DisclosureWhere = auditCallerWhere(filter);
  if (!filter) return where;
  if (filter.entityKey != null && filter.entityType == null) throw badUserInput('filter.entityKey', 'needs filter.entityType');
  if (filter.entityType != null) where.entityType = filter.entityType;
  if (filter.entityKey != null) where.OR = [{ entityKey: filter.entityKey }, { entityKeys: { has: filter.entityKey } }];
  return where;
}

/** A page of this database's disclosure log, newest first, matching every given filter. */
export async function findDisclosures(
  store: DisclosureStore,
  filter: DisclosureFilterInput | null | undefined,
  args: { first?: number | null; after?: string | null },
) {
  const where = whereOf(filter);
  const page = await newestFirstPage(args, ({ before, take }) =>
    store.auditDisclosure.findMany({ where: before === undefined ? where : { ...where, seq: { lt: before } }, orderBy: { seq: 'desc' }, take }),
  );
  return { nodes: page.nodes.map((row) => disclosureNode(row, filter?.entityKey ?? undefined)), pageInfo: page.pageInfo };
}

/** A record's access log: who read it from this database (the parent was already checked against the row constraints). */
export function accessLogOf(store: DisclosureStore, entityType: string, entityKey: string, args: { first?: number | null; after?: string | null }) {
  return findDisclosures(store, { entityType, entityKey }, args);
}
