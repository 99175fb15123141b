import type DataLoader from 'dataloader';

/**
 * Loads a record a non-null field promises. A miss means the database broke its own referential
 * integrity, which is our fault, not the client's: the error carries no code and is masked as
 * INTERNAL_SERVER_ERROR, with the detail in the server log.
 */
export async function loadRequired<K, V>(loader: DataLoader<K, V | null, unknown>, key: K, what: string): Promise<V> {
  const value = await loader.load(key);
  if (value == null) throw new Error(`${what} ${String(key)} is missing`);
  return value;
}
