import DataLoader from 'dataloader';

/**
 * A per-request loader of records by a unique key: one `fetch` (one SQL statement) per batch of keys,
 * answers in key order, null for keys that name nothing. A `guard` (see `rowGuard`) turns a row the
 * caller may not read into an error for its key.
 */
export function createKeyLoader<K, V>(fetch: (keys: K[]) => Promise<V[]>, keyOf: (row: V) => K, guard?: (row: V) => Error | null): DataLoader<K, V | null> {
  return new DataLoader(async (keys) => {
    const rows = await fetch([...keys]);
    const byKey = new Map(rows.map((row) => [keyOf(row), row]));
    return keys.map((key) => {
      const row = byKey.get(key);
      if (row === undefined) return null;
      return guard?.(row) ?? row;
    });
  });
}

/** A per-request loader of lists by a non-unique key (children of a parent, entities of a representative). */
export function createListLoader<K, V>(fetch: (keys: K[]) => Promise<V[]>, keyOf: (row: V) => K): DataLoader<K, V[]> {
  return new DataLoader(async (keys) => groupBy(keys, await fetch([...keys]), keyOf));
}

/** Orders batch results the way DataLoader needs them: one array per key, in key order (empty when none). */
export function groupBy<K, T>(keys: readonly K[], rows: readonly T[], keyOf: (row: T) => K): T[][] {
  const groups = new Map<K, T[]>();
  for (const row of rows) {
    const key = keyOf(row);
    const group = groups.get(key);
    if (group) group.push(row);
    else groups.set(key, [row]);
  }
  return keys.map((key) => groups.get(key) ?? []);
}
