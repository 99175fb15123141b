import { tableCatalog } from '@civicgraph/prisma';
import { accessRightsOf, catalogItems, downloadPathOf, OPEN_DATA_LICENSE, openList, openListJsonLd } from '@civicgraph/schema';
import type { Env } from '../cliEnvironment';
import { DataDirInUseError } from '@civicgraph/db';
import { callAdminApi, gatewayUrl } from '../adminApi';
import { withGovernanceDatabase } from '../governanceDatabase';
import type { PrismaClient as GovernanceClient } from '@civicgraph/prisma/governance';

export const LISTS = ['catalog', 'negative', 'responsibility', 'demand', 'tables', 'open'] as const;
export type ListName = (typeof LISTS)[number];

type Row = Record<string, string | number | boolean | null>;

/** RFC 4180: fields with a comma, quote or line break are quoted, quotes doubled. */
export function toCsv(rows: Row[]): string {
  if (!rows.length) return '';
  const columns = Object.keys(rows[0]!);
  const cell = (value: Row[string]) => {
    const text = value === null ? '' : String(value);
    return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
  };
  return [columns.join(','), ...rows.map((row) => columns.map((c) => cell(row[c] ?? null)).join(','))].join('\r\n') + '\r\n';
}

function catalogRows(filter: (sharing: string) => boolean): Row[] {
  return catalogItems()
    .filter((i) => filter(i.sharing))
    .map((i) => ({
      coordinate: i.coordinate,
      database: i.database,
      type: i.typeName,
      field: i.fieldName,
      dataType: i.dataType,
      owner: i.owner,
      sharing: i.sharing,
      opening: i.opening,
      grade: i.grade,
      updateCycle: i.updateCycle,
      legalBasis: i.legalBasis,
      description: i.description,
    }));
}

/** The responsibility list: each data item under its one owning department. */
function responsibilityRows(): Row[] {
  return catalogItems()
    .map((i): Row => ({ owner: i.owner, coordinate: i.coordinate, database: i.database, sharing: i.sharing, legalBasis: i.legalBasis }))
    .sort((a, b) => String(a.owner).localeCompare(String(b.owner)) || String(a.coordinate).localeCompare(String(b.coordinate)));
}

// A type alias rather than an interface: it must fit Row's index signature.
export type DemandItem = {
  requestId: string;
  submittedAt: string;
  department: string;
  scenario: string;
  coordinate: string;
  owner: string;
  sharing: string;
  status: string;
  reason: string | null;
  dueOn: string | null;
  decidedAt: string | null;
  answerWorkingDays: number | null;
  late: boolean;
};

const DEMAND_QUERY = `{ shareRequests { id submittedAt department { code } scenario { code }
  items { coordinate owner { code } sharing status reason dueOn decidedAt answerWorkingDays late } } }`;

interface DemandAnswer {
  shareRequests: {
    id: string;
    submittedAt: string;
    department: { code: string };
    scenario: { code: string };
    items: {
      coordinate: string;
      owner: { code: string };
      sharing: string;
      status: string;
      reason: string | null;
      dueOn: string | null;
      decidedAt: string | null;
      answerWorkingDays: number | null;
      late: boolean;
    }[];
  }[];
}

/** The same list through the running gateway's admin API, while `npm start` holds the embedded database. */
export async function demandThroughAdminApi(env: Pick<Env, 'CIVICGRAPH_ADMIN_KEY' | 'CIVICGRAPH_URL' | 'PORT'>): Promise<DemandItem[]> {
  const { shareRequests } = await callAdminApi<DemandAnswer>(env, 'catalog:export --list demand', DEMAND_QUERY, {});
  return shareRequests
    .flatMap((r) =>
      r.items.map((i) => ({
        requestId: r.id,
        submittedAt: new Date(r.submittedAt).toISOString(),
        department: r.department.code,
        scenario: r.scenario.code,
        coordinate: i.coordinate,
        owner: i.owner.code,
        sharing: i.sharing,
        status: i.status,
        reason: i.reason,
        dueOn: i.dueOn,
        decidedAt: i.decidedAt ? new Date(i.decidedAt).toISOString() : null,
        answerWorkingDays: i.answerWorkingDays,
        late: i.late,
      })),
    )
    .sort((a, b) => a.submittedAt.localeCompare(b.submittedAt) || a.coordinate.localeCompare(b.coordinate));
}

/** The demand list as the governance database holds it. */
export async function demandFromDatabase(prisma: GovernanceClient): Promise<DemandItem[]> {
  const stored = await prisma.shareRequestItem.findMany({ include: { request: true }, orderBy: [{ request: { submittedAt: 'asc' } }, { coordinate: 'asc' }] });
  return stored.map((i) => ({
    requestId: i.requestId,
    submittedAt: i.request.submittedAt.toISOString(),
    department: i.request.departmentCode,
    scenario: i.request.scenarioCode,
    coordinate: i.coordinate,
    owner: i.ownerCode,
    sharing: i.sharing,
    status: i.status,
    reason: i.reason,
    dueOn: i.dueOn?.toISOString().slice(0, 10) ?? null,
    decidedAt: i.decidedAt?.toISOString() ?? null,
    answerWorkingDays: i.answerWorkingDays,
    late: i.late,
  }));
}

/** The demand list: every share request item ever made, from the governance database (or, beside `npm start`, its admin API). */
async function demandRows(env: Env): Promise<Row[]> {
  try {
    return await withGovernanceDatabase(env, (prisma) => demandFromDatabase(prisma));
  } catch (error) {
    if (!(error instanceof DataDirInUseError)) throw error;
    return demandThroughAdminApi(env);
  }
}

/** The table catalog (数据库表目录): one row per column, with the indexes it is in and the fields that expose it. */
function tableRows(): Row[] {
  return tableCatalog().flatMap((t) =>
    t.columns.map((c) => ({
      database: t.database,
      table: t.table,
      column: c.column,
      type: c.list ? `${c.type}[]` : c.type,
      nullable: c.nullable,
      primaryKey: t.primaryKey.includes(c.column),
      unique: c.unique,
      indexes: t.indexes
        .filter((i) => i.columns.includes(c.column))
        .map((i) => `${i.kind}(${i.columns.join(', ')})`)
        .join('; '),
      exposedAs: c.exposedAs.join(' '),
      comment: c.comment,
      tableComment: t.comment,
    })),
  );
}

/** The open list (开放清单): one row per field of each open dataset, with the dataset's metadata. */
function openRows(): Row[] {
  return openList().flatMap((d) =>
    d.fields.map((f) => ({
      dataset: d.id,
      title: d.title,
      owner: d.owner,
      opening: d.opening,
      accessRights: accessRightsOf(d.opening),
      grade: d.grade,
      updateCycle: d.updateCycle,
      license: OPEN_DATA_LICENSE,
      legalBasis: d.legalBasis,
      download: downloadPathOf(d),
      field: f.name,
      coordinate: f.coordinate,
      dataType: f.dataType,
      description: f.description,
    })),
  );
}

/** The gateway's address without its `/graphql` path, for the open list's links. */
const gatewayOrigin = (env: Pick<Env, 'CIVICGRAPH_URL' | 'PORT'>) => gatewayUrl(env).replace(/\/graphql$/, '');

/**
 * `civicgraph catalog:export [--list L] [--format json|csv]`: the catalog, one of the three lists, the table
 * catalog or the open list (as JSON, a DCAT-AP catalog in JSON-LD), to stdout.
 */
export async function catalogExportCommand(env: Env, list: ListName, format: 'json' | 'csv'): Promise<void> {
  if (list === 'open') {
    process.stdout.write(format === 'csv' ? toCsv(openRows()) : `${JSON.stringify(openListJsonLd(openList(), gatewayOrigin(env)), null, 2)}\n`);
    return;
  }
  const rows =
    list === 'catalog'
      ? catalogRows(() => true)
      : list === 'negative'
        ? catalogRows((sharing) => sharing === 'NONE')
        : list === 'responsibility'
          ? responsibilityRows()
          : list === 'tables'
            ? tableRows()
            : await demandRows(env);
  process.stdout.write(format === 'csv' ? toCsv(rows) : `${JSON.stringify(rows, null, 2)}\n`);
}
