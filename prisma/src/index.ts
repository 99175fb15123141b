import path from 'node:path';

/** The four base databases, one per owning department. */
export const BASE_DATABASE_NAMES = ['population', 'legal-entity', 'spatial', 'e-license'] as const;
/** Every database: the base databases and governance (scenarios, grants, keys). */
export const DATABASE_NAMES = [...BASE_DATABASE_NAMES, 'governance'] as const;
export type DatabaseName = (typeof DATABASE_NAMES)[number];

// The package folder, from src/ in development and from dist/src/ in the production build.
const root = path.dirname(require.resolve('@civicgraph/prisma/package.json'));

/** The Prisma schema and migration history of one database. */
export function migrationSourceOf(name: DatabaseName): { schemaPath: string; migrationsDir: string } {
  return { schemaPath: path.join(root, name, 'schema.prisma'), migrationsDir: path.join(root, name, 'migrations') };
}

export { tableCatalog, uncataloguedExposures } from './tableCatalog';
export type { CatalogTable, CatalogColumn } from './tableCatalog';
