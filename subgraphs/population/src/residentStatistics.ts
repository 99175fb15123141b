import type { Queryable } from '@civicgraph/db';
import {
  cubeCache,
  flatDimension,
  PERSON_RULES,
  projectTable,
  protectCube,
  type Dimension,
  type Microcell,
  type ProtectedCube,
} from '@civicgraph/disclosure-control';
import { badUserInput } from '@civicgraph/errors';
import { shanghaiDivisions } from '@civicgraph/identifiers';
import { requireDistinct, requireDistrictCode } from '@civicgraph/subgraph-kit';
import type { ResidentBreakdown, StatisticsTable } from './generated/graphql';

/** How long one reading of the counts serves: statistics need not be to the second, and the cube costs a scan. */
const CUBE_TTL_MS = 60_000;

const AGE_BANDS = ['0-9', '10-19', '20-29', '30-39', '40-49', '50-59', '60-69', '70-79', '80-89', '90+'];
const GENDERS = ['MALE', 'FEMALE'];

/** A resident whose township is not recorded counts in the district's "township not recorded" (code ending 000). */
const unrecordedTownship = (district: string) => `${district}000`;

let reference: { dimensions: Dimension[]; labels: Map<string, string>; districts: Set<string>; townships: Set<string> } | undefined;

/** Geography (districts, then their townships), age band and gender: the resident cube's dimensions. */
export function residentDimensions() {
  if (reference) return reference;
  const divisions = shanghaiDivisions();
  const districts = divisions.filter((d) => d.level === 'DISTRICT');
  const labels = new Map(divisions.map((d) => [d.code, d.name]));
  for (const d of districts) labels.set(unrecordedTownship(d.code), `${d.name}（街镇未登记）`);
  const townships = [
    ...divisions.filter((d) => d.level === 'TOWNSHIP').map((t) => ({ value: t.code, parent: t.parentCode! })),
    ...districts.map((d) => ({ value: unrecordedTownship(d.code), parent: d.code })),
  ];
  const dimensions: Dimension[] = [
    {
      name: 'GEOGRAPHY',
      levels: [
        { name: 'DISTRICT', values: districts.map((d) => ({ value: d.code })) },
        { name: 'TOWNSHIP', values: townships },
      ],
    },
    flatDimension('AGE_BAND', AGE_BANDS),
    flatDimension('GENDER', GENDERS),
  ];
  return (reference = { dimensions, labels, districts: new Set(districts.map((d) => d.code)), townships: new Set(townships.map((t) => t.value)) });
}

/** The living residents grouped at the finest level: township, age band, gender; with their record keys summed. */
export async function readMicrocells(db: Queryable): Promise<Microcell[]> {
  const { districts, townships } = residentDimensions();
  const rows = await db.query<{ township: string; district: string; band: number; gender: string; count: number; key_sum: number }>(
    `SELECT residence_township_code AS township, residence_district_code AS district,
            LEAST(FLOOR(EXTRACT(YEAR FROM AGE(CURRENT_DATE, birth_date)) / 10), 9)::int AS band,
            gender::text AS gender, COUNT(*)::int AS count, SUM(record_key)::int AS key_sum
       FROM person WHERE death_date IS NULL
      GROUP BY 1, 2, 3, 4`,
  );
  return rows
    .filter((r) => districts.has(r.district))
    .map((r) => ({
      values: [r.township && townships.has(r.township) ? r.township : unrecordedTownship(r.district), AGE_BANDS[Math.max(0, r.band)]!, r.gender],
      count: r.count,
      keySum: r.key_sum,
    }));
}

const cached = cubeCache<Queryable>(CUBE_TTL_MS);

/** The protected resident cube of this database, read again once it is a minute old. */
const residentCube = (db: Queryable): Promise<ProtectedCube> =>
  cached(db, async () => protectCube(residentDimensions().dimensions, await readMicrocells(db), PERSON_RULES));

/** The district a statistics request keeps to, checked: a district of the city, or none. */
export function requireStatisticsDistrict(districtCode: string | null | undefined): string | undefined {
  if (districtCode == null) return undefined;
  const district = requireDistrictCode('districtCode', districtCode);
  if (!residentDimensions().districts.has(district)) throw badUserInput('districtCode', `${district} is not a district of the city`);
  return district;
}

/** The cube's levels a breakdown reads: geography to the township or district (a district filter implies it), age band, gender. */
export function statisticsLevels(by: readonly ResidentBreakdown[], district: string | undefined): (string | null)[] {
  const asked = new Set(by);
  return [
    asked.has('TOWNSHIP') ? 'TOWNSHIP' : asked.has('DISTRICT') || district ? 'DISTRICT' : null,
    asked.has('AGE_BAND') ? 'AGE_BAND' : null,
    asked.has('GENDER') ? 'GENDER' : null,
  ];
}

/** Whether a geography value (a district or a 9-digit township) lies in a district. */
export const inDistrict = (code: string, district: string) => code === district || (code.length === 9 && code.startsWith(district));

/** The asked breakdown of a protected cube, optionally kept to one district, with the method that protected it. */
export function statisticsTable(cube: ProtectedCube, by: readonly ResidentBreakdown[], district: string | undefined): StatisticsTable {
  const { labels } = residentDimensions();
  const keep = (cell: { values: readonly string[] }) => !district || inDistrict(cell.values[0]!, district);
  return projectTable(cube, statisticsLevels(by, district), (v) => labels.get(v), 'residents', keep) as StatisticsTable;
}

/** `Query.residentStatistics`: the asked breakdown of the protected cube, optionally kept to one district. */
export async function residentStatistics(db: Queryable, by: readonly ResidentBreakdown[], districtCode: string | null | undefined): Promise<StatisticsTable> {
  requireDistinct('by', by);
  const district = requireStatisticsDistrict(districtCode);
  return statisticsTable(await residentCube(db), by, district);
}
