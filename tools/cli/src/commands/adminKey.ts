import { DataDirInUseError } from '@civicgraph/db';
import { issueAdminKey } from '@civicgraph/governance-subgraph';
import { callAdminApi } from '../adminApi';
import type { Env } from '../cliEnvironment';
import { withGovernanceDatabase } from '../governanceDatabase';

const ISSUE_THROUGH_API = `mutation($name: String!) {
  createApplication(input: { name: $name, departmentCode: "SH-BDC" }) { id }
}`;

/** Beside a running `npm start`: another administrator, made by an existing one through the admin API. */
async function issueThroughAdminApi(env: Env, name: string): Promise<{ applicationId: string; apiKey: string }> {
  const command = 'admin:key (beside a running server)';
  const { createApplication } = await callAdminApi<{ createApplication: { id: string } }>(env, command, ISSUE_THROUGH_API, { name });
  const applicationId = createApplication.id;
  await callAdminApi(env, command, 'mutation($id: ID!) { bindApplication(scenarioCode: "admin", applicationId: $id) { code } }', { id: applicationId });
  const { issueApiKey } = await callAdminApi<{ issueApiKey: { secret: string } }>(
    env,
    command,
    'mutation($id: ID!) { issueApiKey(applicationId: $id) { secret } }',
    {
      id: applicationId,
    },
  );
  return { applicationId, apiKey: issueApiKey.secret };
}

/**
 * `civicgraph admin:key [--name N]`: the way in for the first administrator. Creates (or completes) the
 * admin scenario, registers an administrator application and prints its key once; everything after
 * that is done through the admin API with it. Beside a running `npm start` (whose embedded database it
 * cannot open), an administrator's key in CIVICGRAPH_ADMIN_KEY makes the new one through the admin API.
 */
export async function adminKeyCommand(env: Env, name: string): Promise<void> {
  let issued: { applicationId: string; apiKey: string };
  try {
    issued = await withGovernanceDatabase(env, (prisma) => issueAdminKey(prisma, name));
  } catch (error) {
    if (!(error instanceof DataDirInUseError)) throw error;
    if (!env.CIVICGRAPH_ADMIN_KEY) {
      throw new Error(
        `${error.message}; or set CIVICGRAPH_ADMIN_KEY to an administrator's key (npm start's demo-credentials.json holds one) to make this one through the admin API`,
        { cause: error },
      );
    }
    issued = await issueThroughAdminApi(env, name);
  }
  console.log(`Administrator application ${issued.applicationId} ("${name}") is bound to scenario "admin".
Its API key, shown this once (only its hash is stored):

  ${issued.apiKey}

Send it as "Authorization: Bearer <key>" to the gateway; the README's "Administration" section has examples.`);
}
