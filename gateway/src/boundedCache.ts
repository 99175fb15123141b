/**
 * A cache of computed values by key, keeping at most `size` (oldest out first), so keys a client can vary
 * (documents, grant sets) cannot grow it without bound. `undefined` is never cached; `null` is a value.
 */
export function boundedCache<V>(size: number): (key: string, compute: () => V) => V {
  const entries = new Map<string, V>();
  return (key, compute) => {
    if (entries.has(key)) return entries.get(key)!;
    const value = compute();
    if (entries.size >= size) entries.delete(entries.keys().next().value!);
    entries.set(key, value);
    return value;
  };
}
