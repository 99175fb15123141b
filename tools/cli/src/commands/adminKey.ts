import { issueAdminKey } from '@civicgraph/governance-subgraph';
import type { Env } from '../cliEnvironment';
import { withGovernanceDatabase } from '../governanceDatabase';

/**
 * `civicgraph admin:key [--name N]`: the way in for the first administrator. Creates (or completes) the
 * admin scenario, registers an administrator application and prints its key once; everything after
 * that is done through the admin API with it.
 */
export async function adminKeyCommand(env: Env, name: string): Promise<void> {
  const { applicationId, apiKey } = await withGovernanceDatabase(env, (prisma) => issueAdminKey(prisma, name));
  console.log(`Administrator application ${applicationId} ("${name}") is bound to scenario "admin".
Its API key, shown this once (only its hash is stored):

  ${apiKey}

Send it as "Authorization: Bearer <key>" to the gateway; the README's "Administration" section has examples.`);
}
