import { noiseBound, TOTAL, type Dimension, type DisclosureRules, type ProtectedCube, type PublishedCell, type Suppression } from './cube';

/** One cell of a table as an API serves it: a value per dimension (null in a margin), its label, and its count or why not. */
export interface TableCell {
  values: (string | null)[];
  labels: (string | null)[];
  count: number | null;
  suppressed: Suppression | null;
}

/** A table as an API serves it: the levels it breaks down by, its cells and margins, and the method that protects them. */
export interface StatisticsTable {
  dimensions: string[];
  cells: TableCell[];
  method: { threshold: number; noiseBound: number; description: string };
}

/** A flat dimension (one level of the same name): values in display order. */
export function flatDimension(name: string, values: readonly string[]): Dimension {
  return { name, levels: [{ name, values: values.map((value) => ({ value })) }] };
}

/** The method's parameters and its description, as each table states them; `unit` names what a cell counts. */
export function describeMethod(rules: DisclosureRules, unit: string) {
  const bound = noiseBound(rules);
  return {
    threshold: rules.threshold,
    noiseBound: bound,
    description:
      `Threshold: a cell counting fewer than ${rules.threshold} ${unit} (zero included) is suppressed. ` +
      'Secondary suppression: wherever a published total has exactly one suppressed part (the parts of a hierarchy, the values of any margin), ' +
      'its smallest published part is suppressed too, and so on until no suppressed cell stands alone. ' +
      `Perturbation: every record has a permanent random key; the noise added to a count is read from the sum of its records’ keys (−${bound} to +${bound}, mean zero), ` +
      `so the same records always give the same count, and no published count is below ${rules.threshold}. ` +
      'The whole cube (every value of every dimension, with every margin) is protected at once, so a cell has the same answer in every table.',
  };
}

/**
 * A table of a protected cube as an API serves it: each dimension broken down to a level (a level name) or
 * taken whole (null, left out of the table), the cells `keep` keeps, each value labelled.
 */
export function projectTable(
  cube: ProtectedCube,
  levels: readonly (string | null)[],
  label: (value: string) => string | undefined,
  unit: string,
  keep: (cell: PublishedCell) => boolean = () => true,
): StatisticsTable {
  const shown = levels.flatMap((level, d) => (level ? [d] : []));
  const cells = cube
    .table(levels)
    .filter(keep)
    .map((cell) => {
      const values = shown.map((d) => (cell.values[d] === TOTAL ? null : cell.values[d]!));
      return { values, labels: values.map((v) => (v === null ? null : (label(v) ?? v))), count: cell.count, suppressed: cell.suppression };
    });
  return { dimensions: shown.map((d) => levels[d]!), cells, method: describeMethod(cube.rules, unit) };
}

/** Reuses a protected cube per key (an owner's database) for `ttlMs`: statistics need not be to the second, and a cube costs a scan. */
export function cubeCache<K extends object>(ttlMs: number): (key: K, build: () => Promise<ProtectedCube>) => Promise<ProtectedCube> {
  const cubes = new WeakMap<K, { at: number; cube: Promise<ProtectedCube> }>();
  return (key, build) => {
    const cached = cubes.get(key);
    if (cached && Date.now() - cached.at < ttlMs) return cached.cube;
    const cube = build();
    cubes.set(key, { at: Date.now(), cube });
    cube.catch(() => cubes.delete(key));
    return cube;
  };
}
