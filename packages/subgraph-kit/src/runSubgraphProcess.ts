import { readFileSync } from 'node:fs';
import path from 'node:path';
import { openDatabase, requireCurrentMigrations, type Database } from '@civicgraph/db';
import { contextBindingKeysFromText, contextPublicKeysFromPem, type ContextTrust } from '@civicgraph/policy';
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
  /**
   * This subgraph's context-binding key (a secret: one base64url key per line, `civicgraph context-key`
   * writes it). Default: keys/context-binding.<subgraph>.key in the data folder.
   */
  CONTEXT_BINDING_KEY_FILE: z.string().min(1).optional(),
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
  create: (db: Database, contextTrust: ContextTrust) => Subgraph,
  source: NodeJS.ProcessEnv = process.env,
): Promise<void> {
  const env = readSubgraphEnvironment(source);
  const keys = path.join(env.CIVICGRAPH_DATA_DIR, 'keys');
  const contextTrust: ContextTrust = {
    publicKeys: readKeyFile(env.CONTEXT_PUBLIC_KEY_FILE ?? path.join(keys, 'context-signing-key.pub.pem'), contextPublicKeysFromPem, {
      what: "the gateway's context public key",
      variable: 'CONTEXT_PUBLIC_KEY_FILE',
    }),
    bindingKeys: readKeyFile(env.CONTEXT_BINDING_KEY_FILE ?? path.join(keys, `context-binding.${name}.key`), contextBindingKeysFromText, {
      what: `the ${name} subgraph's context-binding key`,
      variable: 'CONTEXT_BINDING_KEY_FILE',
    }),
  };
  const logger = createLogger({ name, level: env.LOG_LEVEL });
  const db = await openDatabase({
    name,
    url: env.DATABASE_URL,
    dataDir: env.DATABASE_URL ? undefined : path.resolve(env.CIVICGRAPH_DATA_DIR, 'databases', name),
  });
  await requireCurrentMigrations(db, migrationSourceOf(name));
  collectProcessMetrics();
  const tracing = startTracing({ serviceName: `civicgraph-${name}` });
  const server = await serveSubgraph(create(db, contextTrust), { port: env.PORT, host: env.HOST, logger, metricsToken: env.METRICS_TOKEN });
  logger.info({ url: `${server.url}/graphql` }, 'subgraph listening');
  stopOnSignals(async () => {
    await server.close();
    await tracing?.shutdown();
    await db.close();
  });
}

/** Reads a key file, naming the file and the variable that sets it when it cannot (never the key). */
function readKeyFile<K>(file: string, read: (text: string) => K, { what, variable }: { what: string; variable: string }): K {
  const resolved = path.resolve(file);
  try {
    return read(readFileSync(resolved, 'utf8'));
  } catch (error) {
    throw new Error(`cannot read ${what} from ${resolved} (set ${variable}): ${(error as Error).message}`, { cause: error });
  }
}
