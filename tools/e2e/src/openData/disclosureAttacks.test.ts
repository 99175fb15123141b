import {
  attackerBounds,
  ENTITY_RULES,
  exactlyDisclosedSmallCells,
  flatDimension,
  PERSON_RULES,
  TOTAL,
  type DisclosureRules,
  type PublishedCell,
} from '@civicgraph/disclosure-control';
import { residentDimensions } from '@civicgraph/population-subgraph';
import { startTestCivicGraph, type TestCivicGraph } from '@civicgraph/platform';

/**
 * The differencing and tracker attack suite against the open API's resident statistics: an anonymous
 * client asks for every table there is (each breakdown, each district, again and again) and combines
 * everything — complements, overlapping tables, margin subtraction, averaging repeated answers — into the
 * tightest bounds the published counts allow. It fails if any cell counting fewer than the threshold is
 * pinned to its true value. The truth is counted here from the population database, independently.
 */

const BREAKDOWNS = ['DISTRICT', 'TOWNSHIP', 'AGE_BAND', 'GENDER'] as const;
const STATISTICS = `query($by: [ResidentBreakdown!]!, $district: String) {
  residentStatistics(by: $by, districtCode: $district) { dimensions cells { values count suppressed } method { threshold noiseBound } }
}`;

interface Table {
  dimensions: string[];
  cells: { values: (string | null)[]; count: number | null; suppressed: 'PRIMARY' | 'SECONDARY' | null }[];
  method: { threshold: number; noiseBound: number };
}

/** Every subset of the breakdowns. */
const subsets = BREAKDOWNS.reduce<string[][]>((all, b) => [...all, ...all.map((s) => [...s, b])], [[]]);

describe('resident statistics under disclosure control, attacked', () => {
  let city: TestCivicGraph;
  let ask: (by: string[], district?: string) => Promise<Table>;
  /** Living residents at the finest level, counted here: township (or the district's unrecorded one), age band, gender. */
  let residents: { township: string; band: string; gender: string }[];

  beforeAll(async () => {
    city = await startTestCivicGraph();
    // This attacker has all day; the operator lifts the open scenario's rate so the suite need not wait.
    const lifted = await city.query(`mutation { updateScenario(code: "open", input: { requestsPerSecond: 1000, burst: 5000 }) { code } }`);
    expect(lifted.body.errors).toBeUndefined();
    await new Promise((resolve) => setTimeout(resolve, 300));
    const url = city.url.replace(/\/graphql$/, '/open/graphql');
    ask = async (by, district) => {
      const { body } = await city.post(url, JSON.stringify({ query: STATISTICS, variables: { by, district } }));
      if (body.errors) throw new Error(JSON.stringify(body.errors));
      return body.data!.residentStatistics as Table;
    };
    const rows = await city.dbs.population.query<{ township: string | null; district: string; age: number; gender: string }>(
      `SELECT residence_township_code AS township, residence_district_code AS district,
              EXTRACT(YEAR FROM AGE(CURRENT_DATE, birth_date))::int AS age, gender::text AS gender
         FROM person WHERE death_date IS NULL`,
    );
    const bands = ['0-9', '10-19', '20-29', '30-39', '40-49', '50-59', '60-69', '70-79', '80-89', '90+'];
    residents = rows.map((r) => ({ township: r.township ?? `${r.district}000`, band: bands[Math.min(9, Math.floor(r.age / 10))]!, gender: r.gender }));
  });
  afterAll(() => city?.stop());

  /** A cell of the cube (geography, age band, gender; TOTAL where the cell is a margin), as the test counts it. */
  const truth = ([geography, band, gender]: readonly string[]) =>
    residents.filter(
      (r) =>
        (geography === TOTAL || r.township === geography || r.township.slice(0, 6) === geography) &&
        (band === TOTAL || r.band === band) &&
        (gender === TOTAL || r.gender === gender),
    ).length;

  /** An answer's cells as cube cells: its dimensions put in the cube's places, the rest TOTAL. */
  const asCubeCells = (table: Table): PublishedCell[] =>
    table.cells.map((cell) => {
      const values = [TOTAL, TOTAL, TOTAL];
      table.dimensions.forEach((dimension, i) => {
        values[dimension === 'DISTRICT' || dimension === 'TOWNSHIP' ? 0 : dimension === 'AGE_BAND' ? 1 : 2] = cell.values[i] ?? TOTAL;
      });
      return { values, count: cell.count, suppression: cell.suppressed };
    });

  it('never shows a count below the threshold, suppresses every small cell, and stays within the documented noise', async () => {
    const table = await ask(['TOWNSHIP', 'AGE_BAND', 'GENDER']);
    expect(table.method).toEqual({ threshold: 10, noiseBound: 2 });
    const cells = asCubeCells(table);
    expect(cells.some((c) => c.suppression === 'PRIMARY')).toBe(true);
    expect(cells.some((c) => c.suppression === 'SECONDARY')).toBe(true);
    expect(cells.some((c) => c.count !== null)).toBe(true);
    for (const cell of cells) {
      const count = truth(cell.values);
      if (count < 10) expect(cell.count).toBeNull();
      if (cell.count !== null) {
        expect(cell.count).toBeGreaterThanOrEqual(10);
        expect(Math.abs(cell.count - count)).toBeLessThanOrEqual(2);
      }
    }
    // The city's total is a cell like any other: near the truth, not the truth on every reading.
    expect(Math.abs(asCubeCells(await ask([]))[0]!.count! - residents.length)).toBeLessThanOrEqual(2);
  });

  it('answers the same cell the same way in every table, on every asking (averaging gains nothing)', async () => {
    const byDistrict = asCubeCells(await ask(['DISTRICT']));
    const again = await Promise.all([1, 2, 3, 4, 5].map(() => ask(['DISTRICT'])));
    for (const answer of again) expect(asCubeCells(answer)).toEqual(byDistrict);
    const detailed = asCubeCells(await ask(['TOWNSHIP', 'GENDER']));
    for (const cell of byDistrict) expect(detailed.find((d) => d.values.join() === cell.values.join())).toEqual(cell);
  });

  it('keeps one district’s cells to that district, with the same counts as the city-wide table', async () => {
    const cityWide = asCubeCells(await ask(['TOWNSHIP', 'AGE_BAND']));
    const huangpu = asCubeCells(await ask(['TOWNSHIP', 'AGE_BAND'], '310101'));
    expect(huangpu.length).toBeGreaterThan(0);
    for (const cell of huangpu) {
      expect(cell.values[0]!.startsWith('310101')).toBe(true);
      expect(cityWide.find((c) => c.values.join() === cell.values.join())).toEqual(cell);
    }
  });

  it('pins no small cell exactly from every table and every district, combined (differencing, complements, margins, trackers)', async () => {
    const { dimensions } = residentDimensions();
    const tables = await Promise.all(subsets.map((by) => ask(by)));
    const districts = dimensions[0]!.levels[0]!.values.map((v) => v.value);
    const perDistrict = await Promise.all(districts.map((d) => ask(['TOWNSHIP', 'AGE_BAND', 'GENDER'], d)));
    const published = [...tables, ...perDistrict].flatMap(asCubeCells);
    const bounds = attackerBounds(dimensions, published, PERSON_RULES);
    expect(bounds.size).toBeGreaterThan(1000);
    expect(exactlyDisclosedSmallCells(bounds, truth, PERSON_RULES)).toEqual([]);

    // The same attack against the same cells published with a threshold alone recovers small cells: the
    // suite has teeth, and it is the protection that holds.
    const naive = { ...PERSON_RULES, noise: [{ noise: 0, weight: PERSON_RULES.keyModulus }] };
    const thresholdOnly: PublishedCell[] = published.map((c) => {
      const count = truth(c.values);
      return count < 10 ? { values: c.values, count: null, suppression: 'PRIMARY' } : { values: c.values, count, suppression: null };
    });
    expect(exactlyDisclosedSmallCells(attackerBounds(dimensions, thresholdOnly, naive), truth, naive).length).toBeGreaterThan(0);
  });

  it('refuses a breakdown named twice and a district that is not the city’s, with stable codes', async () => {
    const url = city.url.replace(/\/graphql$/, '/open/graphql');
    const twice = await city.post(url, JSON.stringify({ query: STATISTICS, variables: { by: ['GENDER', 'GENDER'] } }));
    expect(twice.body.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT' });
    const elsewhere = await city.post(url, JSON.stringify({ query: STATISTICS, variables: { by: ['DISTRICT'], district: '110101' } }));
    expect(elsewhere.body.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT' });
  });

  /**
   * The same attack on a table of flat dimensions (entities, licenses): every breakdown asked for, combined;
   * the truth counted here from the owner's database, one row per record with a value per dimension.
   */
  async function attackFlat(field: string, breakdowns: string[], records: string[][], rules: DisclosureRules) {
    const url = city.url.replace(/\/graphql$/, '/open/graphql');
    const ask = async (by: string[]) => {
      const { body } = await city.post(
        url,
        JSON.stringify({
          query: `query($by: [${field === 'entityStatistics' ? 'EntityBreakdown' : 'LicenseBreakdown'}!]!) { ${field}(by: $by) { dimensions cells { values count suppressed } method { threshold } } }`,
          variables: { by },
        }),
      );
      if (body.errors) throw new Error(JSON.stringify(body.errors));
      return body.data![field] as Table;
    };
    const all = breakdowns.reduce<string[][]>((sets, b) => [...sets, ...sets.map((set) => [...set, b])], [[]]);
    const tables = await Promise.all(all.map(ask));
    const full = tables.at(-1)!;
    expect(full.method.threshold).toBe(rules.threshold);
    const cells: PublishedCell[] = tables.flatMap((table) =>
      table.cells.map((cell) => {
        const values = breakdowns.map((b) => cell.values[table.dimensions.indexOf(b)] ?? TOTAL);
        return { values, count: cell.count, suppression: cell.suppressed };
      }),
    );
    const truth = (values: readonly string[]) => records.filter((r) => values.every((v, d) => v === TOTAL || r[d] === v)).length;
    for (const cell of cells) {
      if (truth(cell.values) < rules.threshold) expect(cell.count).toBeNull();
      if (cell.count !== null) expect(Math.abs(cell.count - truth(cell.values))).toBeLessThanOrEqual(2);
    }
    expect(cells.some((c) => c.suppression === 'PRIMARY') && cells.some((c) => c.count !== null)).toBe(true);
    const dimensions = breakdowns.map((b, d) => flatDimension(b, [...new Set(full.cells.map((c) => c.values[d]).filter((v): v is string => v !== null))]));
    expect(exactlyDisclosedSmallCells(attackerBounds(dimensions, cells, rules), truth, rules)).toEqual([]);
  }

  it('protects entity counts by district, industry, status and kind the same way', async () => {
    const rows = await city.dbs['legal-entity'].query<{ district: string; section: string; status: string; kind: string }>(
      `SELECT district_code AS district, upper(left(industry_code, 1)) AS section, status::text AS status, kind::text AS kind FROM legal_entity`,
    );
    await attackFlat(
      'entityStatistics',
      ['DISTRICT', 'INDUSTRY', 'STATUS', 'KIND'],
      rows.map((r) => [r.district, r.section, r.status, r.kind]),
      ENTITY_RULES,
    );
  });

  it('protects license counts by type, status and holder kind the same way', async () => {
    const rows = await city.dbs['e-license'].query<{ type: string; status: string; holder: string }>(
      `SELECT type_code AS type, status::text AS status, holder_kind::text AS holder FROM license`,
    );
    await attackFlat(
      'licenseStatistics',
      ['TYPE', 'STATUS', 'HOLDER_KIND'],
      rows.map((r) => [r.type, r.status, r.holder]),
      PERSON_RULES,
    );
  });
});
