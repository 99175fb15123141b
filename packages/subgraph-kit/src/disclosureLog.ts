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
  entityKey: string;
  fields: string[];
  maskedFields: string[];
}

interface DisclosureWhere {
  app?: string;
  scenario?: string;
  subject?: string;
  entityType?: string;
  entityKey?: string;
  requestId?: string;
  at?: { gte?: Date; lt?: Date };
  seq?: { lt: bigint };
}

/** The part of a base database's Prisma client the disclosure log needs (every one has the model). */
export interface DisclosureStore {
  auditDisclosure: { findMany(args: { where: DisclosureWhere; orderBy: { seq: 'desc' }; take: number }): Promise<DisclosureRow[]> };
}

export interface DisclosureFilterInput {
  application?: string | null;
  scenario?: string | null;
  subject?: string | null;
  entityType?: string | null;
  entityKey?: string | null;
  requestId?: string | null;
  from?: Date | null;
  to?: Date | null;
}

/** One disclosure as the schema shows it: the reader as references the governance subgraph resolves. */
function disclosureNode(row: DisclosureRow) {
  return {
    requestId: row.requestId,
    at: row.at,
    department: { code: row.department ?? '' },
    application: { id: row.app ?? '' },
    scenario: { code: row.scenario ?? '' },
    subject: row.subject,
    useReason: row.useReason,
    entityType: row.entityType,
    entityKey: row.entityKey,
    fields: row.fields,
    maskedFields: row.maskedFields,
  };
}

function whereOf(filter: DisclosureFilterInput | null | undefined): DisclosureWhere {
  const where: DisclosureWhere = {};
  if (!filter) return where;
  if (filter.application != null) where.app = requireRecordId('filter.application', filter.application);
  if (filter.scenario != null) where.scenario = filter.scenario;
  if (filter.subject != null) where.subject = requireValid('filter.subject', parseIdNumber(filter.subject)).value;
  if (filter.entityKey != null && filter.entityType == null) throw badUserInput('filter.entityKey', 'needs filter.entityType');
  if (filter.entityType != null) where.entityType = filter.entityType;
  if (filter.entityKey != null) where.entityKey = filter.entityKey;
  if (filter.requestId != null) where.requestId = filter.requestId;
  if (filter.from && filter.to && filter.from >= filter.to) throw badUserInput('filter.from', 'must be before filter.to');
  if (filter.from || filter.to) where.at = { ...(filter.from ? { gte: filter.from } : {}), ...(filter.to ? { lt: filter.to } : {}) };
  return where;
}

/**
 * A page of this database's disclosure log, newest first, matching every given filter. Cursors are
 * the log's sequence numbers, so a page never shifts as new records arrive.
 */
export async function findDisclosures(store: DisclosureStore, filter: DisclosureFilterInput | null | undefined, args: { first?: number | null; after?: string | null }) {
  const page = pageRequest(args.first, args.after);
  let before: bigint | undefined;
  if (page.afterId !== undefined) {
    if (!/^\d{1,19}$/.test(page.afterId)) throw badUserInput('after', 'not a cursor returned by this API');
    before = BigInt(page.afterId);
  }
  const where = whereOf(filter);
  const rows = await store.auditDisclosure.findMany({ where: before === undefined ? where : { ...where, seq: { lt: before } }, orderBy: { seq: 'desc' }, take: page.first + 1 });
  const nodes = rows.slice(0, page.first);
  return {
    nodes: nodes.map(disclosureNode),
    pageInfo: { hasNextPage: rows.length > page.first, endCursor: nodes.length ? encodeCursor(String(nodes.at(-1)!.seq)) : null },
  };
}

/** A record's access log: who read it from this database (the parent was already checked against the row constraints). */
export function accessLogOf(store: DisclosureStore, entityType: string, entityKey: string, args: { first?: number | null; after?: string | null }) {
  return findDisclosures(store, { entityType, entityKey }, args);
}
