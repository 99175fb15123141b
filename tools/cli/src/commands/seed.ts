import { DataDirInUseError } from '@civicgraph/db';
import { SingleBar, Presets } from 'cli-progress';
import {
  closeCityDatabases,
  loadOrCreateSigningKey,
  migrateCity,
  openCityDatabases,
  isSeeded,
  seedCity,
  injectDefects,
  DEFECT_CLASSES,
  type CityDatabases,
  type SeedSummary,
} from '@civicgraph/platform';
import { databaseUrls, type Env } from '../cliEnvironment';

export interface SeedCommandOptions {
  persons: number;
  seed?: number;
  /** The share of records of each defect class to break on purpose (quality walkthroughs); 0 for none. */
  defects?: number;
  /** Draw a progress bar (on a terminal). */
  progress?: boolean;
}

/** Seeds databases that are already open and migrated; reports throughput. */
export async function seedOpenDatabases(dbs: CityDatabases, env: Env, options: SeedCommandOptions): Promise<SeedSummary> {
  const bar = options.progress
    ? new SingleBar({ format: 'seeding {bar} {value}/{total} residents | {rate}/s | ETA {eta}s', hideCursor: true }, Presets.shades_classic)
    : null;
  const started = Date.now();
  bar?.start(options.persons, 0, { rate: 0 });
  let nextReport = Math.ceil(options.persons / 10);
  const summary = await seedCity(dbs, {
    persons: options.persons,
    seed: options.seed,
    signingKey: loadOrCreateSigningKey(env.CIVICGRAPH_DATA_DIR),
    onProgress: (done, total) => {
      const rate = Math.round(done / ((Date.now() - started) / 1000));
      if (bar) return bar.update(done, { rate });
      // Not a terminal (CI, a log file): one line per tenth instead of a bar.
      if (done >= nextReport || done === total) {
        console.log(`seeding: ${done}/${total} residents (${rate}/s)`);
        nextReport += Math.ceil(total / 10);
      }
    },
  });
  bar?.stop();
  if (options.defects) {
    const broken = await injectDefects(dbs, Object.fromEntries(Object.keys(DEFECT_CLASSES).map((d) => [d, options.defects])), { seed: options.seed });
    console.log(`broke ${broken.length} records on purpose (${options.defects} of each defect class) for quality runs to find; --defects 0 for none`);
  }
  const seconds = (Date.now() - started) / 1000;
  console.log(
    `seeded ${summary.persons} residents, ${summary.addresses} addresses, ${summary.legalEntities} legal entities, ` +
      `${summary.licenses} licenses, ${summary.divisions} divisions in ${seconds.toFixed(1)} s (${Math.round(summary.persons / seconds)} residents/s)`,
  );
  return summary;
}

export async function seedCommand(env: Env, options: SeedCommandOptions): Promise<void> {
  const alreadySeeded = `seed into empty ones (remove ${env.CIVICGRAPH_DATA_DIR} or point the *_DATABASE_URL variables at new databases)`;
  let dbs;
  try {
    dbs = await openCityDatabases({ dataDir: env.CIVICGRAPH_DATA_DIR, urls: databaseUrls(env) });
  } catch (error) {
    if (!(error instanceof DataDirInUseError)) throw error;
    // npm start seeds an empty city before it serves: a city it serves is never empty.
    throw new Error(`the databases are served by process ${error.pid}, which seeded them when it first started; ${alreadySeeded}`, { cause: error });
  }
  try {
    await migrateCity(dbs);
    if (await isSeeded(dbs)) {
      throw new Error(`the databases already hold residents; ${alreadySeeded}`);
    }
    await seedOpenDatabases(dbs, env, options);
  } finally {
    await closeCityDatabases(dbs);
  }
}
