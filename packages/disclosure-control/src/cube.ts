/** The value of a dimension in a margin: every value together. */
export const TOTAL = '*';

/** One level of a dimension: its values, each naming its parent in the level above (none for the top level). */
export interface DimensionLevel {
  name: string;
  values: readonly { value: string; parent?: string }[];
}

/**
 * A classification counts are broken down by. A hierarchical one (district, then township) lists its
 * levels from the top down; a flat one (gender) has one level. Every value of every level is a cell of the
 * cube, so an empty cell is counted as zero (and suppressed) rather than left out, which would reveal it.
 */
export interface Dimension {
  name: string;
  levels: readonly DimensionLevel[];
}

/** A group of records at the finest level of every dimension: how many, and the sum of their record keys. */
export interface Microcell {
  /** The finest-level value of each dimension, in the cube's dimension order. */
  values: readonly string[];
  count: number;
  /** Sum of the records' permanent keys (each uniform in [0, rules.keyModulus)); only its residue is used. */
  keySum: number;
}

/** The parameters of the method; documented in the package's README and the API's descriptions. */
export interface DisclosureRules {
  /** Cells counting fewer records than this are suppressed. */
  threshold: number;
  /** Record keys are uniform integers below this; a cell's key is the sum of its records' keys modulo it. */
  keyModulus: number;
  /**
   * The perturbation table: noise added to a published count, chosen by the cell key. Entry i covers
   * `weight` consecutive cell keys; weights sum to `keyModulus`. Symmetric, so the noise has mean zero.
   */
  noise: readonly { noise: number; weight: number }[];
}

/** Persons (and records about persons): at least 10 records per published cell, noise in −2…+2 (≈ 5 %, 20 %, 50 %, 20 %, 5 %). */
export const PERSON_RULES: DisclosureRules = {
  threshold: 10,
  keyModulus: 256,
  noise: [
    { noise: -2, weight: 13 },
    { noise: -1, weight: 51 },
    { noise: 0, weight: 128 },
    { noise: 1, weight: 51 },
    { noise: 2, weight: 13 },
  ],
};

/**
 * Registered market entities: at least 5 per published cell (their registration is public, 《企业信息公示暂行条例》;
 * what a cell hides is which few entities share a rare combination), the same noise.
 */
export const ENTITY_RULES: DisclosureRules = { ...PERSON_RULES, threshold: 5 };

/** The largest absolute noise a rule set adds: what an attacker who knows the method can rely on. */
export function noiseBound(rules: DisclosureRules): number {
  return Math.max(...rules.noise.map((n) => Math.abs(n.noise)));
}

/** Why a cell carries no count. */
export type Suppression = 'PRIMARY' | 'SECONDARY';

/** One cell as published: a value per dimension (TOTAL in a margin), and its count or why there is none. */
export interface PublishedCell {
  values: readonly string[];
  /** The perturbed count; null when suppressed. */
  count: number | null;
  suppression: Suppression | null;
}

interface CubeCell {
  values: string[];
  count: number;
  keySum: number;
  suppression: Suppression | null;
}

const idOf = (values: readonly string[]) => values.join('\u0000');

/** Each finest value's chain up its dimension: itself, its ancestors, then TOTAL. */
function chainsOf(dimension: Dimension): Map<string, string[]> {
  const parents = new Map<string, string | undefined>();
  for (const level of dimension.levels) for (const { value, parent } of level.values) parents.set(value, parent);
  const chains = new Map<string, string[]>();
  for (const { value } of dimension.levels.at(-1)!.values) {
    const chain = [value];
    for (let up = parents.get(value); up !== undefined; up = parents.get(up)) chain.push(up);
    chains.set(value, [...chain, TOTAL]);
  }
  return chains;
}

/** Each value's children one level down (TOTAL's are the top level's values). */
function childrenOf(dimension: Dimension): Map<string, string[]> {
  const children = new Map<string, string[]>([[TOTAL, dimension.levels[0]!.values.map((v) => v.value)]]);
  for (const level of dimension.levels.slice(1)) {
    for (const { value, parent } of level.values) children.set(parent!, [...(children.get(parent!) ?? []), value]);
  }
  return children;
}

/** Every combination of one entry from each list. */
function product<T>(lists: readonly (readonly T[])[]): T[][] {
  return lists.reduce<T[][]>((combos, list) => combos.flatMap((combo) => list.map((item) => [...combo, item])), [[]]);
}

/**
 * The whole cube of counts — every value of every level of every dimension, and every margin — protected
 * once, so a cell gets the same answer whichever table asks for it:
 *
 * 1. **Threshold** (primary suppression): a cell counting fewer than `threshold` records, zero included,
 *    is suppressed.
 * 2. **Secondary suppression**: in every additive relation the cube publishes — a parent and its children
 *    along one dimension (city → districts → townships; a margin → its values) — a published parent with
 *    exactly one suppressed child would give that child away by subtraction, so the smallest published
 *    child is suppressed too; repeated until no relation has a lone suppressed cell.
 * 3. **Consistent cell-key perturbation** (as the ABS and ONS use): each record carries a permanent random
 *    key; a cell's key is the sum of its records' keys modulo `keyModulus`, and the noise added to its count
 *    is read from the perturbation table at that key. The same records always give the same noise, so asking
 *    again, or asking an overlapping table, gains nothing; published counts are never below the threshold.
 */
export function protectCube(dimensions: readonly Dimension[], microcells: readonly Microcell[], rules: DisclosureRules) {
  const chains = dimensions.map(chainsOf);
  const children = dimensions.map(childrenOf);
  const cells = new Map<string, CubeCell>();
  const domains = dimensions.map((d) => [TOTAL, ...d.levels.flatMap((l) => l.values.map((v) => v.value))]);
  for (const values of product(domains)) cells.set(idOf(values), { values, count: 0, keySum: 0, suppression: null });
  for (const micro of microcells) {
    const up = micro.values.map((value, d) => {
      const chain = chains[d]!.get(value);
      if (!chain) throw new Error(`${value} is not a finest value of ${dimensions[d]!.name}`);
      return chain;
    });
    for (const values of product(up)) {
      const cell = cells.get(idOf(values))!;
      cell.count += micro.count;
      cell.keySum = (cell.keySum + micro.keySum) % rules.keyModulus;
    }
  }
  for (const cell of cells.values()) if (cell.count < rules.threshold) cell.suppression = 'PRIMARY';

  // The additive relations: each cell that is not at the finest level of a dimension, with its children there.
  const relations: { parent: CubeCell; children: CubeCell[] }[] = [];
  for (const parent of cells.values()) {
    parent.values.forEach((value, d) => {
      const below = children[d]!.get(value);
      if (!below?.length) return;
      relations.push({ parent, children: below.map((child) => cells.get(idOf(parent.values.map((v, i) => (i === d ? child : v))))!) });
    });
  }
  for (let changed = true; changed;) {
    changed = false;
    for (const { parent, children: kids } of relations) {
      if (parent.suppression) continue;
      const published = kids.filter((k) => !k.suppression);
      if (kids.length - published.length !== 1) continue;
      if (!published.length) {
        // A lone child is its parent: the parent would give it away.
        parent.suppression = 'SECONDARY';
        changed = true;
        continue;
      }
      const smallest = published.reduce((a, b) => (b.count < a.count || (b.count === a.count && idOf(b.values) < idOf(a.values)) ? b : a));
      smallest.suppression = 'SECONDARY';
      changed = true;
    }
  }

  const offsets: number[] = [];
  for (const [i, n] of rules.noise.entries()) for (let k = 0; k < n.weight; k++) offsets.push(i);
  if (offsets.length !== rules.keyModulus) throw new Error('the perturbation table must cover every cell key once');
  const publish = (cell: CubeCell): PublishedCell =>
    cell.suppression
      ? { values: cell.values, count: null, suppression: cell.suppression }
      : { values: cell.values, count: Math.max(rules.threshold, cell.count + rules.noise[offsets[cell.keySum]!]!.noise), suppression: null };

  return {
    dimensions,
    rules,
    /** The published form of one cell (a value per dimension, TOTAL in a margin), or undefined when the cube has no such cell. */
    cell(values: readonly string[]): PublishedCell | undefined {
      const cell = cells.get(idOf(values));
      return cell && publish(cell);
    },
    /**
     * A table: for each dimension the level it is broken down to (a level name), or null to take it whole.
     * Its cells and every margin (TOTAL) down to those levels, in the dimensions' value order.
     */
    table(levels: readonly (string | null)[]): PublishedCell[] {
      const domainsOf = dimensions.map((dimension, d) => {
        const depth = levels[d] === null ? -1 : dimension.levels.findIndex((l) => l.name === levels[d]);
        if (levels[d] !== null && depth < 0) throw new Error(`${dimension.name} has no level ${levels[d]}`);
        return [TOTAL, ...dimension.levels.slice(0, depth + 1).flatMap((l) => l.values.map((v) => v.value))];
      });
      return product(domainsOf).map((values) => publish(cells.get(idOf(values))!));
    },
    /** The cube's true counts: for the owner's own checks and tests, never for a client. */
    trueCount(values: readonly string[]): number | undefined {
      return cells.get(idOf(values))?.count;
    },
  };
}

export type ProtectedCube = ReturnType<typeof protectCube>;
