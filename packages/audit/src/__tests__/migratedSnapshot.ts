import { migrateDatabase, openDatabase } from '@civicgraph/db';
import { migrationSourceOf, type DatabaseName } from '@civicgraph/prisma';

/** A snapshot of one freshly migrated embedded database, for `openDatabase({ loadDataDir })` in each test. */
export async function migratedSnapshot(name: DatabaseName): Promise<Blob> {
  const template = await openDatabase({ name });
  try {
    await migrateDatabase(template, migrationSourceOf(name));
    return await template.dump();
  } finally {
    await template.close();
  }
}
