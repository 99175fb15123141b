import { closeCityDatabases, migrateCity, openCityDatabases } from '@civicgraph/platform';
import { databaseUrls, type Env } from '../cliEnvironment';

export async function migrateCommand(env: Env): Promise<void> {
  const dbs = await openCityDatabases({ dataDir: env.CIVICGRAPH_DATA_DIR, urls: databaseUrls(env) });
  try {
    const applied = await migrateCity(dbs);
    for (const [name, migrations] of Object.entries(applied)) {
      console.log(`${name}: ${migrations.length ? `applied ${migrations.join(', ')}` : 'up to date'}`);
    }
  } finally {
    await closeCityDatabases(dbs);
  }
}
