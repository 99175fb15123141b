import path from 'node:path';
import { openDatabase, requireCurrentMigrations } from '@civicgraph/db';
import { issueAdminKey } from '@civicgraph/governance';
import { migrationSourceOf } from '@civicgraph/prisma';
import { PrismaClient as GovernanceClient } from '@civicgraph/prisma/governance';
import type { Env } from '../env';

/**
 * `civicgraph admin:key [--name N]`: the way in for the first administrator. Creates (or completes) the
 * admin scenario, registers an administrator application and prints its key once; everything after
 * that is done through the admin API with it.
 */
export async function adminKeyCommand(env: Env, name: string): Promise<void> {
  const db = await openDatabase({
    name: 'governance',
    url: env.GOVERNANCE_DATABASE_URL,
    dataDir: env.GOVERNANCE_DATABASE_URL ? undefined : path.join(env.CIVICGRAPH_DATA_DIR, 'databases', 'governance'),
  });
  try {
    await requireCurrentMigrations(db, migrationSourceOf('governance'));
    const { applicationId, apiKey } = await issueAdminKey(new GovernanceClient({ adapter: db.adapter }), name);
    console.log(`Administrator application ${applicationId} ("${name}") is bound to scenario "admin".
Its API key, shown this once (only its hash is stored):

  ${apiKey}

Send it as "Authorization: Bearer <key>" to the gateway; the README's "Administration" section has examples.`);
  } finally {
    await db.close();
  }
}
