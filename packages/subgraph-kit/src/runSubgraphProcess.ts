import type { KeyObject } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { openDatabase, requireCurrentMigrations, type Database } from '@civicgraph/db';
import { contextPublicKeysFromPem } from '@civicgraph/policy';
import { migrationSourceOf } from '@civicgraph/prisma';
import { collectProcessMetrics, startTracing } from '@civicgraph/observability';
import type { SubgraphName } from '@civicgraph/schema';
import { createLogger, hostSchema, logLevelSchema, parseEnvironment, portSchema, postgresUrlSchema, stopOnSignals } from '@civicgraph/server';
import { z } from 'zod';
import { serveSubgraph, type Subgraph } from './serveSubgraph';

/** The settings of one subgraph process, validated at start-up with every problem listed at once. */
const subgraphEnvironment = z.object({
  /** Port to listen on. */
  PORT: portSchema,
  HOST: hostSchema,
  LOG_LEVEL: logLevelSchema,
  /** `postgres://…` for a PostgreSQL server; otherwise the embedded database under CIVICGRAPH_DATA_DIR. */
  DATABASE_URL: postgresUrlSchema.optional(),
  CIVICGRAPH_DATA_DIR: z.string().min(1).default('.civicgraph'),
  /** The gateway's context-signing public key (SPKI PEM). Default: keys/context-signing-key.pub.pem in the data folder. */
  CONTEXT_PUBLIC_KEY_FILE: z.string().min(1).optional(),
  /** The operators' token for `/metrics` (Authorization: Bearer); without it the route is off. */
  METRICS_TOKEN: z.string().min(16).optional(),
});

export type SubgraphEnvironment = z.infer<typeof subgraphEnvironment>;

export function readSubgraphEnvironment(source: NodeJS.ProcessEnv): SubgraphEnvironment {
  return parseEnvironment(subgraphEnvironment, source);
}

/**
 * The production shape: one subgraph per process. Migrations are a deploy step (`civicgraph migrate`);
 * a subgraph refuses to serve a database whose migrations are not current.
 */
export async function runSubgraphProcess(
  name: SubgraphName,
  create: (db: Database, contextKey: readonly KeyObject[]) => Subgraph,
  source: NodeJS.ProcessEnv = process.env,
): Promise<void> {
  const env = readSubgraphEnvironment(source);
  const keyFile = path.resolve(env.CONTEXT_PUBLIC_KEY_FILE ?? path.join(env.CIVICGRAPH_DATA_DIR, 'keys', 'context-signing-key.pub.pem'));
  let contextKey: KeyObject[];
  try {
    contextKey = contextPublicKeysFromPem(readFileSync(keyFile, 'utf8'));
  } catch (error) {
    throw new Error(`cannot read the gateway's context public key from ${keyFile} (set CONTEXT_PUBLIC_KEY_FILE): ${(error as Error).message}`, {
      cause: error,
    });
  }
  const logger = createLogger({ name, level: env.LOG_LEVEL });
  const db = await openDatabase({
    name,
    url: env.DATABASE_URL,
    dataDir: env.DATABASE_URL ? undefined : path.resolve(env.CIVICGRAPH_DATA_DIR, 'databases', name),
  });
  await requireCurrentMigrations(db, migrationSourceOf(name));
  collectProcessMetrics();
  const tracing = startTracing({ serviceName: `civicgraph-${name}` });
  const server = await serveSubgraph(create(db, contextKey), { port: env.PORT, host: env.HOST, logger, metricsToken: env.METRICS_TOKEN });
  logger.info({ url: `${server.url}/graphql` }, 'subgraph listening');
  stopOnSignals(async () => {
    await server.close();
    await tracing?.shutdown();
    await db.close();
  });
}
