import { loadOrCreateIdentityProviderKey } from '@civicgraph/platform';
import { DEV_IDENTITY_PROVIDER, mintSubjectToken } from '@civicgraph/policy';
import { parseIdNumber } from '@civicgraph/identifiers';
import type { Env } from '../cliEnvironment';

/**
 * `civicgraph token --id-number N`: plays the development identity provider and prints a subject token
 * for that citizen (send it as `X-Subject-Token`). The gateway of `npm start` trusts this key; a
 * production gateway trusts only the real identity provider.
 */
export async function tokenCommand(env: Env, idNumber: string, ttlSeconds: number): Promise<void> {
  const parsed = parseIdNumber(idNumber);
  if (!parsed.ok) throw new Error(`--id-number: ${parsed.reason}`);
  const key = loadOrCreateIdentityProviderKey(env.CIVICGRAPH_DATA_DIR);
  console.log(await mintSubjectToken(parsed.value.value, key.privateKey, { issuer: DEV_IDENTITY_PROVIDER, ttlSeconds }));
}
