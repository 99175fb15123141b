import { buildASTSchema, isObjectType, type DocumentNode } from 'graphql';
import { readCatalog, type CatalogEntry } from './catalog';
import { SUBGRAPH_NAMES, subgraphTypeDefs, type SubgraphName } from './subgraphs';

/** One data item of the public data resource catalog: a field, where it lives and its metadata. */
export interface CatalogItem extends CatalogEntry {
  /** The base database (subgraph) that serves it. */
  database: SubgraphName;
  typeName: string;
  fieldName: string;
  /** Its GraphQL type as written, e.g. `String!`, `[License!]!`. */
  dataType: string;
}

/** Every field's catalog entry per subgraph, as each subgraph's own SDL declares it. */
function entriesBySubgraph(
  typeDefsOf: (name: SubgraphName) => DocumentNode = subgraphTypeDefs,
): { database: SubgraphName; entry: CatalogEntry; dataType: string }[] {
  return SUBGRAPH_NAMES.flatMap((database) => {
    const schema = buildASTSchema(typeDefsOf(database), { assumeValidSDL: true });
    return readCatalog(schema).entries.map((entry) => {
      const [typeName, fieldName] = entry.coordinate.split('.') as [string, string];
      const type = schema.getType(typeName);
      const field = isObjectType(type) ? type.getFields()[fieldName] : undefined;
      return { database, entry, dataType: field ? String(field.type) : 'unknown' };
    });
  });
}

/**
 * The catalog, derived from the schema files: every data item once, sorted by database and coordinate.
 * A field several subgraphs share (e.g. `PageInfo.hasNextPage`) is listed under the first that has it.
 */
export function catalogItems(): CatalogItem[] {
  const items = new Map<string, CatalogItem>();
  for (const { database, entry, dataType } of entriesBySubgraph()) {
    if (items.has(entry.coordinate)) continue;
    const [typeName, fieldName] = entry.coordinate.split('.') as [string, string];
    items.set(entry.coordinate, { ...entry, database, typeName, fieldName, dataType });
  }
  return [...items.values()].sort((a, b) => a.database.localeCompare(b.database) || a.coordinate.localeCompare(b.coordinate));
}

/**
 * The responsibility rule (一数一源): every data item has exactly one owning department. A field that two
 * subgraphs declare with different owners is a conflict, named here.
 */
export function responsibilityConflicts(typeDefsOf: (name: SubgraphName) => DocumentNode = subgraphTypeDefs): string[] {
  const owners = new Map<string, Map<string, SubgraphName[]>>();
  for (const { database, entry } of entriesBySubgraph(typeDefsOf)) {
    const byOwner = owners.get(entry.coordinate) ?? new Map<string, SubgraphName[]>();
    byOwner.set(entry.owner, [...(byOwner.get(entry.owner) ?? []), database]);
    owners.set(entry.coordinate, byOwner);
  }
  return [...owners.entries()]
    .filter(([, byOwner]) => byOwner.size > 1)
    .map(
      ([coordinate, byOwner]) => `${coordinate} is claimed by ${[...byOwner.entries()].map(([owner, dbs]) => `${owner} (${dbs.join(', ')})`).join(' and ')}`,
    );
}
