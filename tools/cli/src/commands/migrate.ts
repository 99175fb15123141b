import { DataDirInUseError } from '@civicgraph/db';
import { closeCityDatabases, migrateCity, openCityDatabases } from '@civicgraph/platform';
import { databaseUrls, type Env } from '../cliEnvironment';
import { askService, runningServiceOrigins } from '../runningServices';

/**
 * Beside a running `npm start`, which migrated its embedded databases when it started: each subgraph's
 * `/ready` says whether its database is still current with the migrations on disk. Pending ones (code
 * updated since) are applied by restarting it; exit 1 until then.
 */
async function migrationsOfRunningServer(env: Env, error: DataDirInUseError): Promise<void> {
  console.log(`(the databases are open in process ${error.pid}, which applied the migrations when it started; asking each service)`);
  let pending = 0;
  for (const [name, origin] of Object.entries(runningServiceOrigins(env).subgraphs)) {
    const ready = (await (await askService(origin, '/ready')).json()) as { failing?: string[] };
    const current = !ready.failing?.includes('migrations');
    if (!current) pending++;
    console.log(`${name}: ${current ? 'up to date' : 'migrations pending: restart npm start to apply them (it migrates before serving)'}`);
  }
  if (pending) process.exitCode = 1;
}

/** `civicgraph migrate`: applies pending migrations to every database; safe to run twice. */
export async function migrateCommand(env: Env): Promise<void> {
  let dbs;
  try {
    dbs = await openCityDatabases({ dataDir: env.CIVICGRAPH_DATA_DIR, urls: databaseUrls(env) });
  } catch (error) {
    if (!(error instanceof DataDirInUseError)) throw error;
    return migrationsOfRunningServer(env, error);
  }
  try {
    const applied = await migrateCity(dbs);
    for (const [name, migrations] of Object.entries(applied)) {
      console.log(`${name}: ${migrations.length ? `applied ${migrations.join(', ')}` : 'up to date'}`);
    }
  } finally {
    await closeCityDatabases(dbs);
  }
}
