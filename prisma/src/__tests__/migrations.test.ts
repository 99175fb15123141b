import { migrateDatabase, openDatabase, pendingMigrations, schemaDrift } from '@civicgraph/db';
import { DATABASE_NAMES, migrationSourceOf } from '../index';

describe.each(DATABASE_NAMES)('%s migrations', (name) => {
  it('apply to an empty database, are safe to run twice, and match schema.prisma exactly', async () => {
    const db = await openDatabase({ name });
    try {
      const source = migrationSourceOf(name);
      const applied = await migrateDatabase(db, source);
      expect(applied.length).toBeGreaterThan(0);
      expect(await migrateDatabase(db, source)).toEqual([]);
      expect(await pendingMigrations(db, source)).toEqual([]);
      // A schema change without its migration shows up here (run `npm run db:migration:create -- --name …`).
      expect(await schemaDrift(db, source)).toBe('');
    } finally {
      await db.close();
    }
  });
});
