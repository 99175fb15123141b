import type { Queryable } from '@civicgraph/db';
import {
  PERSON_RULES,
  noiseBound,
  protectCube,
  TOTAL,
  type Dimension,
  type DisclosureRules,
  type Microcell,
  type ProtectedCube,
} from '@civicgraph/disclosure-control';
import { badUserInput } from '@civicgraph/errors';
import { shanghaiDivisions } from '@civicgraph/identifiers';
import { requireDistrictCode } from '@civicgraph/subgraph-kit';
import type { ResidentBreakdown, StatisticsTable } from './generated/graphql';

/** How long one reading of the counts serves: statistics need not be to the second, and the cube costs a scan. */
const CUBE_TTL_MS = 60_000;

const AGE_BANDS = ['0-9', '10-19', '20-29', '30-39', '40-49', '50-59', '60-69', '70-79', '80-89', '90+'];
const GENDERS = ['MALE', 'FEMALE'];

/** A resident whose township is not recorded counts in the district's "township not recorded" (code ending 000). */
const unrecordedTownship = (district: string) => `${district}000`;

let reference: { dimensions: Dimension[]; labels: Map<string, string>; districts: Set<string> } | undefined;

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
    { name: 'AGE_BAND', levels: [{ name: 'AGE_BAND', values: AGE_BANDS.map((value) => ({ value })) }] },
    { name: 'GENDER', levels: [{ name: 'GENDER', values: GENDERS.map((value) => ({ value })) }] },
  ];
  return (reference = { dimensions, labels, districts: new Set(districts.map((d) => d.code)) });
}

/** The living residents grouped at the finest level: township, age band, gender; with their record keys summed. */
export async function readMicrocells(db: Queryable): Promise<Microcell[]> {
  const { districts } = residentDimensions();
  const rows = await db.query<{ township: string; district: string; band: number; gender: string; count: number; key_sum: number }>(
    `SELECT residence_township_code AS township, residence_district_code AS district,
            LEAST(FLOOR(EXTRACT(YEAR FROM AGE(CURRENT_DATE, birth_date)) / 10), 9)::int AS band,
            gender::text AS gender, COUNT(*)::int AS count, SUM(record_key)::int AS key_sum
       FROM person WHERE death_date IS NULL
      GROUP BY 1, 2, 3, 4`,
  );
  const townships = new Set(residentDimensions().dimensions[0]!.levels[1]!.values.map((v) => v.value));
  return rows
    .filter((r) => districts.has(r.district))
    .map((r) => ({
      values: [r.township && townships.has(r.township) ? r.township : unrecordedTownship(r.district), AGE_BANDS[Math.max(0, r.band)]!, r.gender],
      count: r.count,
      keySum: r.key_sum,
    }));
}

const cubes = new WeakMap<Queryable, { at: number; cube: Promise<ProtectedCube> }>();

/** The protected resident cube of this database, read again once it is a minute old. */
function residentCube(db: Queryable): Promise<ProtectedCube> {
  const cached = cubes.get(db);
  if (cached && Date.now() - cached.at < CUBE_TTL_MS) return cached.cube;
  const cube = readMicrocells(db).then((microcells) => protectCube(residentDimensions().dimensions, microcells, PERSON_RULES));
  cubes.set(db, { at: Date.now(), cube });
  cube.catch(() => cubes.delete(db));
  return cube;
}

/** The method's parameters and its description, as each table states them. */
function methodOf(rules: DisclosureRules) {
  return {
    threshold: rules.threshold,
    noiseBound: noiseBound(rules),
    description:
      `Threshold: a cell counting fewer than ${rules.threshold} residents (zero included) is suppressed. ` +
      'Secondary suppression: wherever a published total has exactly one suppressed part (townships of a district, districts of the city, ' +
      'the values of any margin), its smallest published part is suppressed too, and so on until no suppressed cell stands alone. ' +
      'Perturbation: every resident has a permanent random key; the noise added to a count is read from the sum of its residents’ keys ' +
      `(−${noiseBound(rules)} to +${noiseBound(rules)}, mean zero), so the same residents always give the same count, and no published count is below ${rules.threshold}. ` +
      'The whole cube (every district, township, age band and gender, with every margin) is protected at once, so a cell has the same answer in every table.',
  };
}

/** The district a statistics request keeps to, checked: a district of the city, or none. */
export function requireStatisticsDistrict(districtCode: string | null | undefined): string | undefined {
  if (districtCode == null) return undefined;
  const district = requireDistrictCode('districtCode', districtCode);
  if (!residentDimensions().districts.has(district)) throw badUserInput('districtCode', `${district} is not a district of the city`);
  return district;
}

/** The breakdown asked for, checked: no breakdown twice. */
export function requireBreakdown(by: readonly ResidentBreakdown[]): void {
  if (new Set(by).size !== by.length) throw badUserInput('by', 'names a breakdown twice');
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
  const levels = statisticsLevels(by, district);
  const shown = levels.flatMap((level, d) => (level ? [d] : []));
  const cells = cube
    .table(levels)
    .filter((cell) => !district || inDistrict(cell.values[0]!, district))
    .map((cell) => {
      const values = shown.map((d) => (cell.values[d] === TOTAL ? null : cell.values[d]!));
      return {
        values,
        labels: values.map((v) => (v === null ? null : (labels.get(v) ?? v))),
        count: cell.count,
        suppressed: cell.suppression,
      };
    });
  return { dimensions: shown.map((d) => levels[d]!), cells, method: methodOf(cube.rules) };
}

/** `Query.residentStatistics`: the asked breakdown of the protected cube, optionally kept to one district. */
export async function residentStatistics(db: Queryable, by: readonly ResidentBreakdown[], districtCode: string | null | undefined): Promise<StatisticsTable> {
  requireBreakdown(by);
  const district = requireStatisticsDistrict(districtCode);
  return statisticsTable(await residentCube(db), by, district);
}
