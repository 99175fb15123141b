import { attackerBounds, exactlyDisclosedSmallCells, PERSON_RULES, protectCube, TOTAL, type Dimension, type Microcell, type PublishedCell } from '../index';

/** A seeded generator, so a failure can be reproduced. */
function random(seed: number) {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const GEOGRAPHY: Dimension = {
  name: 'geography',
  levels: [
    { name: 'DISTRICT', values: ['D1', 'D2', 'D3'].map((value) => ({ value })) },
    { name: 'TOWNSHIP', values: ['D1', 'D2', 'D3'].flatMap((d) => [1, 2, 3, 4].map((t) => ({ value: `${d}-T${t}`, parent: d }))) },
  ],
};
const AGE: Dimension = { name: 'ageBand', levels: [{ name: 'AGE_BAND', values: ['0-29', '30-59', '60+'].map((value) => ({ value })) }] };
const GENDER: Dimension = { name: 'gender', levels: [{ name: 'GENDER', values: ['MALE', 'FEMALE'].map((value) => ({ value })) }] };
const DIMENSIONS = [GEOGRAPHY, AGE, GENDER];

/** A small city whose townships differ in size, so many cells are small: each record with its own key. */
function city(seed: number, records = 600): Microcell[] {
  const next = random(seed);
  const townships = GEOGRAPHY.levels[1]!.values.map((v) => v.value);
  const weights = townships.map((_, i) => 1 + (i % 4) * 3);
  const total = weights.reduce((a, b) => a + b, 0);
  const cells = new Map<string, Microcell>();
  for (let i = 0; i < records; i++) {
    let r = next() * total;
    const township = townships.find((_, t) => (r -= weights[t]!) < 0) ?? townships.at(-1)!;
    const values = [township, AGE.levels[0]!.values[Math.floor(next() * 3)]!.value, next() < 0.5 ? 'MALE' : 'FEMALE'];
    const id = values.join('|');
    const cell = cells.get(id) ?? { values, count: 0, keySum: 0 };
    cell.count += 1;
    cell.keySum += Math.floor(next() * PERSON_RULES.keyModulus);
    cells.set(id, cell);
  }
  return [...cells.values()];
}

/** Every table a client can ask for: each dimension whole or broken down to one of its levels. */
function everyTable(cube: ReturnType<typeof protectCube>): PublishedCell[] {
  const choices = DIMENSIONS.map((d) => [null, ...d.levels.map((l) => l.name)]);
  const tables = choices.reduce<(string | null)[][]>((combos, list) => combos.flatMap((combo) => list.map((item) => [...combo, item])), [[]]);
  return tables.flatMap((levels) => cube.table(levels));
}

describe('protectCube', () => {
  const cube = protectCube(DIMENSIONS, city(7), PERSON_RULES);

  it('never publishes a count below the threshold, and suppresses every cell that counts fewer records', () => {
    const cells = everyTable(cube);
    expect(cells.some((c) => c.suppression === 'PRIMARY')).toBe(true);
    for (const cell of cells) {
      if (cell.count !== null) expect(cell.count).toBeGreaterThanOrEqual(PERSON_RULES.threshold);
      if (cube.trueCount(cell.values)! < PERSON_RULES.threshold) expect(cell.count).toBeNull();
    }
  });

  it('counts an empty cell as zero and suppresses it, rather than leaving it out', () => {
    const sparse = protectCube(DIMENSIONS, [{ values: ['D1-T1', '0-29', 'MALE'], count: 40, keySum: 5000 }], PERSON_RULES);
    expect(sparse.cell(['D2-T3', '60+', 'FEMALE'])).toEqual({ values: ['D2-T3', '60+', 'FEMALE'], count: null, suppression: 'PRIMARY' });
    expect(sparse.table(['DISTRICT', null, null])).toHaveLength(4);
  });

  it('leaves no additive relation with a lone suppressed cell under a published parent', () => {
    const cells = new Map(everyTable(cube).map((c) => [c.values.join('|'), c]));
    const at = (values: string[]) => cells.get(values.join('|'))!;
    expect([...cells.values()].some((c) => c.suppression === 'SECONDARY')).toBe(true);
    for (const cell of cells.values()) {
      if (cell.count === null) continue;
      cell.values.forEach((value, d) => {
        const dimension = DIMENSIONS[d]!;
        const below =
          value === TOTAL
            ? dimension.levels[0]!.values.map((v) => v.value)
            : dimension.levels.flatMap((l) => l.values.filter((v) => v.parent === value).map((v) => v.value));
        if (!below.length) return;
        const suppressed = below.filter((child) => at(cell.values.map((v, i) => (i === d ? child : v))).count === null);
        expect(suppressed.length).not.toBe(1);
      });
    }
  });

  it('gives a cell the same count in every table that holds it, and on every asking', () => {
    const byDistrict = cube.table(['DISTRICT', null, null]);
    const byTownshipAndGender = cube.table(['TOWNSHIP', null, 'GENDER']);
    for (const cell of byDistrict) {
      expect(byTownshipAndGender.find((c) => c.values.join() === cell.values.join())).toEqual(cell);
      expect(cube.cell(cell.values)).toEqual(cell);
    }
    expect(protectCube(DIMENSIONS, city(7), PERSON_RULES).table(['TOWNSHIP', 'AGE_BAND', 'GENDER'])).toEqual(cube.table(['TOWNSHIP', 'AGE_BAND', 'GENDER']));
  });

  it('perturbs by the cell key: noise within the bound, zero on average over many cells', () => {
    const published = everyTable(cube).filter((c) => c.count !== null && cube.trueCount(c.values)! > PERSON_RULES.threshold + 2);
    const noise = published.map((c) => c.count! - cube.trueCount(c.values)!);
    expect(Math.max(...noise.map(Math.abs))).toBeLessThanOrEqual(2);
    expect(noise.some((n) => n !== 0)).toBe(true);
    expect(Math.abs(noise.reduce((a, b) => a + b, 0) / noise.length)).toBeLessThan(0.5);
  });
});

describe('the differencing attack', () => {
  it('recovers small cells exactly from a threshold alone (the attack works)', () => {
    const cube = protectCube(DIMENSIONS, city(7), PERSON_RULES);
    const naive = { ...PERSON_RULES, noise: [{ noise: 0, weight: PERSON_RULES.keyModulus }] };
    const thresholdOnly: PublishedCell[] = everyTable(cube).map((c) => {
      const count = cube.trueCount(c.values)!;
      return count < naive.threshold ? { values: c.values, count: null, suppression: 'PRIMARY' } : { values: c.values, count, suppression: null };
    });
    const bounds = attackerBounds(DIMENSIONS, thresholdOnly, naive);
    expect(exactlyDisclosedSmallCells(bounds, cube.trueCount, naive).length).toBeGreaterThan(0);
  });

  it.each([7, 11, 2024, 31337])('recovers no small cell exactly from every table of the protected cube (city %i)', (seed) => {
    const cube = protectCube(DIMENSIONS, city(seed), PERSON_RULES);
    const bounds = attackerBounds(DIMENSIONS, everyTable(cube), PERSON_RULES);
    expect(exactlyDisclosedSmallCells(bounds, cube.trueCount, PERSON_RULES)).toEqual([]);
  });
});
