import { DataDirInUseError } from '@civicgraph/db';
import { closeCityDatabases, makeCityChanges, openCityDatabases, type CityChange, type CityChangeCounts } from '@civicgraph/platform';
import { databaseUrls, type Env } from '../cliEnvironment';
import { operatorsToken, runningServiceOrigins } from '../runningServices';

/** Asks a running `npm start` (whose embedded databases this process cannot open) to make the changes. */
async function changeThroughServer(env: Env, counts: CityChangeCounts): Promise<CityChange[]> {
  const { gateway } = runningServiceOrigins(env);
  let response: Response;
  try {
    response = await fetch(`${gateway}/operations/city-changes`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${operatorsToken(env)}` },
      body: JSON.stringify(counts),
    });
  } catch (error) {
    throw new Error(`${gateway} did not answer (${(error as Error).message}): is npm start running?`, { cause: error });
  }
  const answer = (await response.json()) as { changes?: CityChange[]; errors?: { message: string }[] };
  if (!response.ok || !answer.changes) throw new Error(`${gateway}/operations/city-changes: ${answer.errors?.[0]?.message ?? `HTTP ${response.status}`}`);
  return answer.changes;
}

/**
 * `civicgraph changes --deaths 1 …`: makes registry changes in the demo city — births, deaths, moves, deregistered
 * companies, revoked licenses — each in its owner's database, where the outbox takes it for the change feeds.
 * Opens the databases itself, or asks the running server that holds them.
 */
export async function changesCommand(env: Env, counts: CityChangeCounts): Promise<void> {
  let changes: CityChange[];
  try {
    const dbs = await openCityDatabases({ dataDir: env.CIVICGRAPH_DATA_DIR, urls: databaseUrls(env) });
    try {
      changes = await makeCityChanges(dbs, counts);
    } finally {
      await closeCityDatabases(dbs);
    }
  } catch (error) {
    if (!(error instanceof DataDirInUseError)) throw error;
    changes = await changeThroughServer(env, counts);
  }
  for (const change of changes) console.log(`${change.kind.padEnd(16)} ${change.entityType} ${change.key}  ${change.description}`);
  if (!changes.length) console.log('no changes made (nothing left to change of the kinds asked)');
}
