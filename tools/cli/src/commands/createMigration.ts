import { createMigration, openDatabase } from '@civicgraph/db';
import { DATABASE_NAMES, migrationSourceOf, type DatabaseName } from '@civicgraph/prisma';

/** Writes a migration for each database whose schema.prisma changed (developers; needs no server). */
export async function createMigrationCommand(name: string, only?: string): Promise<void> {
  if (only && !DATABASE_NAMES.includes(only as DatabaseName)) throw new Error(`unknown database "${only}"; one of ${DATABASE_NAMES.join(', ')}`);
  for (const db of DATABASE_NAMES.filter((d) => !only || d === only)) {
    const scratch = await openDatabase({ name: db });
    try {
      const folder = await createMigration(scratch, migrationSourceOf(db), name);
      console.log(`${db}: ${folder ? `created migrations/${folder}` : 'schema unchanged'}`);
    } finally {
      await scratch.close();
    }
  }
}
