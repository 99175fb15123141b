import path from 'node:path';

/** The base databases, one per owning department. Governance joins them when scenario grants arrive. */
export const DATABASE_NAMES = ['population', 'legal-entity', 'spatial', 'e-license'] as const;
export type DatabaseName = (typeof DATABASE_NAMES)[number];

const root = path.resolve(__dirname, '..');

/** The Prisma schema and migration history of one database. */
export function migrationSourceOf(name: DatabaseName): { schemaPath: string; migrationsDir: string } {
  return { schemaPath: path.join(root, name, 'schema.prisma'), migrationsDir: path.join(root, name, 'migrations') };
}
