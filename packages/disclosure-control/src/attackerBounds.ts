import { noiseBound, TOTAL, type Dimension, type DisclosureRules, type PublishedCell } from './cube';

/** What an attacker can conclude about one cell's true count: it lies in [low, high]. */
export interface Bounds {
  low: number;
  high: number;
}

const idOf = (values: readonly string[]) => values.join('\u0000');

/**
 * The attacker's inference over everything published: every table they received (cells they did not
 * receive are unknown), the documented method (threshold, noise bound, counts never published below the
 * threshold) and every additive relation of the cube (a parent is the sum of its children along any
 * dimension: hierarchy and margins alike). Bounds are tightened through those relations until nothing
 * moves — the differencing, complement and margin-subtraction attacks, applied everywhere at once.
 *
 * For auditors and reviewers: a cell whose bounds close on one value has been disclosed exactly.
 */
export function attackerBounds(dimensions: readonly Dimension[], published: Iterable<PublishedCell>, rules: DisclosureRules): Map<string, Bounds> {
  const bound = noiseBound(rules);
  const bounds = new Map<string, Bounds>();
  const known = (values: readonly string[]) => {
    const id = idOf(values);
    let b = bounds.get(id);
    if (!b) bounds.set(id, (b = { low: 0, high: Infinity }));
    return b;
  };
  for (const cell of published) {
    const b = known(cell.values);
    if (cell.count === null) continue;
    // Published means at least the threshold; a count at the threshold may be a clamped lower one.
    const low = Math.max(rules.threshold, cell.count - bound);
    const high = cell.count + bound;
    b.low = Math.max(b.low, low);
    b.high = Math.min(b.high, high);
  }

  const children = dimensions.map((dimension) => {
    const map = new Map<string, string[]>([[TOTAL, dimension.levels[0]!.values.map((v) => v.value)]]);
    for (const level of dimension.levels.slice(1)) for (const { value, parent } of level.values) map.set(parent!, [...(map.get(parent!) ?? []), value]);
    return map;
  });
  const domains = dimensions.map((d) => [TOTAL, ...d.levels.flatMap((l) => l.values.map((v) => v.value))]);
  const all = domains.reduce<string[][]>((combos, list) => combos.flatMap((combo) => list.map((item) => [...combo, item])), [[]]);
  const relations: { parent: Bounds; children: Bounds[] }[] = [];
  for (const values of all) {
    values.forEach((value, d) => {
      const below = children[d]!.get(value);
      if (!below?.length) return;
      relations.push({ parent: known(values), children: below.map((child) => known(values.map((v, i) => (i === d ? child : v)))) });
    });
  }

  for (let round = 0, moved = true; moved && round < 100; round++) {
    moved = false;
    const tighten = (b: Bounds, low: number, high: number) => {
      if (low > b.low) {
        b.low = low;
        moved = true;
      }
      if (high < b.high) {
        b.high = high;
        moved = true;
      }
    };
    for (const { parent, children: kids } of relations) {
      const sumLow = kids.reduce((s, k) => s + k.low, 0);
      const unboundedKids = kids.filter((k) => k.high === Infinity).length;
      const sumHigh = unboundedKids ? Infinity : kids.reduce((s, k) => s + k.high, 0);
      tighten(parent, sumLow, sumHigh);
      for (const kid of kids) {
        const othersHigh = unboundedKids - (kid.high === Infinity ? 1 : 0) ? Infinity : kids.reduce((s, k) => (k === kid ? s : s + k.high), 0);
        tighten(kid, parent.low - othersHigh, parent.high - (sumLow - kid.low));
      }
    }
  }
  return bounds;
}

/** The cells whose true count is below the threshold and that the attacker pins down exactly, given the true counts. */
export function exactlyDisclosedSmallCells(
  bounds: ReadonlyMap<string, Bounds>,
  trueCount: (values: readonly string[]) => number | undefined,
  rules: DisclosureRules,
): string[][] {
  const disclosed: string[][] = [];
  for (const [id, b] of bounds) {
    const values = id.split('\u0000');
    const truth = trueCount(values);
    if (truth !== undefined && truth < rules.threshold && b.low === b.high) disclosed.push(values);
  }
  return disclosed;
}
