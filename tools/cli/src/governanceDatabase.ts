import path from 'node:path';
import { openDatabase, requireCurrentMigrations, type Database } from '@civicgraph/db';
import { migrationSourceOf } from '@civicgraph/prisma';
import { PrismaClient as GovernanceClient } from '@civicgraph/prisma/governance';
import type { Env } from './cliEnvironment';

/**
 * Runs `work` on the governance database alone (PostgreSQL or the embedded one), which must be migrated,
 * and closes it afterwards: what the commands that touch only governance need.
 */
export async function withGovernanceDatabase<T>(env: Env, work: (prisma: GovernanceClient, db: Database) => Promise<T>): Promise<T> {
  const db = await openDatabase({
    name: 'governance',
    url: env.GOVERNANCE_DATABASE_URL,
    dataDir: env.GOVERNANCE_DATABASE_URL ? undefined : path.join(env.CIVICGRAPH_DATA_DIR, 'databases', 'governance'),
  });
  try {
    await requireCurrentMigrations(db, migrationSourceOf('governance'));
    return await work(new GovernanceClient({ adapter: db.adapter }), db);
  } finally {
    await db.close();
  }
}
