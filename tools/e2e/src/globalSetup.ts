import { closeCityDatabases, DEFAULT_TEST_CITY, openSeededCity } from '@civicgraph/platform';

/** The city every PGlite test file starts from, built (or found in the cache) once per run. */
export default async function globalSetup(): Promise<void> {
  if ((process.env.CIVICGRAPH_TEST_DATABASE ?? 'pglite') !== 'pglite') return;
  const { dbs } = await openSeededCity(DEFAULT_TEST_CITY);
  await closeCityDatabases(dbs);
}
