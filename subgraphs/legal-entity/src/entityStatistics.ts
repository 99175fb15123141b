import type { Queryable } from '@civicgraph/db';
import { cubeCache, ENTITY_RULES, flatDimension, projectTable, protectCube, type ProtectedCube } from '@civicgraph/disclosure-control';
import { requireDistinct } from '@civicgraph/subgraph-kit';
import { shanghaiDivisions } from '@civicgraph/identifiers';
import type { EntityBreakdown, StatisticsTable } from './generated/graphql';

/** GB/T 4754-2017 industry sections (门类): an industry code's first letter. */
const INDUSTRY_SECTIONS: Record<string, string> = {
  A: '农、林、牧、渔业',
  B: '采矿业',
  C: '制造业',
  D: '电力、热力、燃气及水生产和供应业',
  E: '建筑业',
  F: '批发和零售业',
  G: '交通运输、仓储和邮政业',
  H: '住宿和餐饮业',
  I: '信息传输、软件和信息技术服务业',
  J: '金融业',
  K: '房地产业',
  L: '租赁和商务服务业',
  M: '科学研究和技术服务业',
  N: '水利、环境和公共设施管理业',
  O: '居民服务、修理和其他服务业',
  P: '教育',
  Q: '卫生和社会工作',
  R: '文化、体育和娱乐业',
  S: '公共管理、社会保障和社会组织',
  T: '国际组织',
};
const STATUSES = ['ACTIVE', 'REVOKED', 'DEREGISTERED', 'MOVED_OUT'];
const KINDS = ['ENTERPRISE', 'INDIVIDUAL_BUSINESS', 'FARMERS_COOPERATIVE'];
/** The cube's dimensions, in the order of its cells' values. */
const BREAKDOWNS: EntityBreakdown[] = ['DISTRICT', 'INDUSTRY', 'STATUS', 'KIND'];

let reference: ReturnType<typeof entityReference> | undefined;
function entityReference() {
  const districts = shanghaiDivisions().filter((d) => d.level === 'DISTRICT');
  const labels = new Map<string, string>([...districts.map((d) => [d.code, d.name] as const), ...Object.entries(INDUSTRY_SECTIONS)]);
  const dimensions = [
    flatDimension(
      'DISTRICT',
      districts.map((d) => d.code),
    ),
    flatDimension('INDUSTRY', Object.keys(INDUSTRY_SECTIONS)),
    flatDimension('STATUS', STATUSES),
    flatDimension('KIND', KINDS),
  ];
  return { dimensions, labels, districts: new Set(districts.map((d) => d.code)) };
}

const cached = cubeCache<Queryable>(60_000);

/** The protected entity cube of this database (district × industry section × status × kind), read again once a minute old. */
function entityCube(db: Queryable): Promise<ProtectedCube> {
  return cached(db, async () => {
    reference ??= entityReference();
    const { dimensions, districts } = reference;
    const rows = await db.query<{ district: string; section: string; status: string; kind: string; count: number; key_sum: number }>(
      `SELECT district_code AS district, upper(left(industry_code, 1)) AS section, status::text AS status, kind::text AS kind,
              COUNT(*)::int AS count, SUM(record_key)::int AS key_sum
         FROM legal_entity GROUP BY 1, 2, 3, 4`,
    );
    // A record outside the reference (an unknown district or section) is a quality issue, not a cell of its own.
    const microcells = rows
      .filter((r) => districts.has(r.district) && r.section in INDUSTRY_SECTIONS)
      .map((r) => ({ values: [r.district, r.section, r.status, r.kind], count: r.count, keySum: r.key_sum }));
    return protectCube(dimensions, microcells, ENTITY_RULES);
  });
}

/** `Query.entityStatistics`: the asked breakdown of the protected cube, with every margin. */
export async function entityStatistics(db: Queryable, by: readonly EntityBreakdown[]): Promise<StatisticsTable> {
  requireDistinct('by', by);
  const cube = await entityCube(db);
  const levels = BREAKDOWNS.map((b) => (by.includes(b) ? b : null));
  return projectTable(cube, levels, (v) => reference!.labels.get(v), 'entities') as StatisticsTable;
}
