import type { Queryable } from '@civicgraph/db';
import { cubeCache, flatDimension, PERSON_RULES, projectTable, protectCube, type ProtectedCube } from '@civicgraph/disclosure-control';
import { requireDistinct } from '@civicgraph/subgraph-kit';
import type { LicenseBreakdown, StatisticsTable } from './generated/graphql';

const STATUSES = ['VALID', 'SUSPENDED', 'WITHDRAWN', 'CANCELLED', 'EXPIRED', 'TRANSFERRED_OUT', 'REVOKED', 'OTHER'];
const HOLDER_KINDS = ['PERSON', 'LEGAL_ENTITY'];
/** The cube's dimensions, in the order of its cells' values. */
const BREAKDOWNS: LicenseBreakdown[] = ['TYPE', 'STATUS', 'HOLDER_KIND'];

const cached = cubeCache<Queryable>(60_000);
const labelsOf = new WeakMap<Queryable, Map<string, string>>();

/**
 * The protected license cube of this database (type × status × holder kind), read again once a minute old.
 * Most holders are persons, so persons' threshold applies.
 */
function licenseCube(db: Queryable): Promise<ProtectedCube> {
  return cached(db, async () => {
    const types = await db.query<{ code: string; name: string }>('SELECT code, name FROM license_type ORDER BY code');
    labelsOf.set(db, new Map(types.map((t) => [t.code, t.name])));
    const rows = await db.query<{ type: string; status: string; holder: string; count: number; key_sum: number }>(
      `SELECT type_code AS type, status::text AS status, holder_kind::text AS holder, COUNT(*)::int AS count, SUM(record_key)::int AS key_sum
         FROM license GROUP BY 1, 2, 3`,
    );
    const dimensions = [
      flatDimension(
        'TYPE',
        types.map((t) => t.code),
      ),
      flatDimension('STATUS', STATUSES),
      flatDimension('HOLDER_KIND', HOLDER_KINDS),
    ];
    return protectCube(
      dimensions,
      rows.map((r) => ({ values: [r.type, r.status, r.holder], count: r.count, keySum: r.key_sum })),
      PERSON_RULES,
    );
  });
}

/** `Query.licenseStatistics`: the asked breakdown of the protected cube, with every margin. */
export async function licenseStatistics(db: Queryable, by: readonly LicenseBreakdown[]): Promise<StatisticsTable> {
  requireDistinct('by', by);
  const cube = await licenseCube(db);
  const levels = BREAKDOWNS.map((b) => (by.includes(b) ? b : null));
  return projectTable(cube, levels, (v) => labelsOf.get(db)?.get(v), 'licenses') as StatisticsTable;
}
