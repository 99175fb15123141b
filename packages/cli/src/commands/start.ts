import { closeCityDatabases, migrateCity, openCityDatabases, startCivicGraph } from '@civicgraph/platform';
import { isSeeded, type CityDatabases } from '@civicgraph/seed';
import { createLogger } from '@civicgraph/server';
import { databaseUrls, type Env } from '../env';
import { seedOpenDatabases } from './seed';

/** A citizen-profile query touching all four subgraphs. */
export const EXAMPLE_QUERY = `query CitizenProfile($idNumber: String!) {
  personByIdNumber(idNumber: $idNumber) {
    name gender birthDate
    residenceAddress { fullText district { name } }
    licenses { name number status validUntil }
    representedEntities { name uscc registeredAddress { fullText } licenses { name status } }
  }
}`;

/** A legal representative, so the example answers from all four subgraphs. */
async function exampleIdNumber(dbs: CityDatabases): Promise<string | undefined> {
  const [entity] = await dbs['legal-entity'].query<{ representative_id: string }>(
    `SELECT representative_id FROM legal_entity WHERE status = 'ACTIVE' ORDER BY id LIMIT 1`,
  );
  if (!entity) return undefined;
  const [person] = await dbs.population.query<{ id_number: string }>('SELECT id_number FROM person WHERE id = $1', [entity.representative_id]);
  return person?.id_number;
}

/** `npm start`: migrate, seed an empty city, serve the four subgraphs and the gateway until interrupted. */
export async function startCommand(env: Env): Promise<void> {
  const logger = createLogger({ name: 'civicgraph', level: env.LOG_LEVEL });
  const dbs = await openCityDatabases({ dataDir: env.CIVICGRAPH_DATA_DIR, urls: databaseUrls(env) });
  await migrateCity(dbs);
  if (!(await isSeeded(dbs))) {
    console.log(`First start: seeding ${env.CIVICGRAPH_SEED_PERSONS} residents into ${env.CIVICGRAPH_DATA_DIR} …`);
    await seedOpenDatabases(dbs, env, { persons: env.CIVICGRAPH_SEED_PERSONS, progress: process.stdout.isTTY });
  }
  const app = await startCivicGraph({ dbs, logger, port: env.PORT, host: env.HOST });
  const idNumber = await exampleIdNumber(dbs);
  console.log(`
CivicGraph is running.
  GraphQL endpoint  ${app.url}
  Subgraphs         ${Object.entries(app.subgraphUrls).map(([n, u]) => `${n} ${u}`).join(', ')}

Try the citizen-profile query:
  curl -s ${app.url} -H 'content-type: application/json' \\
    -d '${JSON.stringify({ query: EXAMPLE_QUERY.replace(/\s+/g, ' '), variables: { idNumber } })}'
`);
  const stop = async (signal: string) => {
    logger.info({ signal }, 'stopping');
    await app.stop();
    await closeCityDatabases(dbs);
    process.exit(0);
  };
  process.once('SIGINT', () => void stop('SIGINT'));
  process.once('SIGTERM', () => void stop('SIGTERM'));
}
