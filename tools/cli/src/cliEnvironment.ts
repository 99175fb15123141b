import path from 'node:path';
import { hostSchema, logLevelSchema, parseEnvironment, portSchema, postgresUrlSchema } from '@civicgraph/server';
import { SUBGRAPH_NAMES, type SubgraphName } from '@civicgraph/schema';
import { z } from 'zod';

/**
 * Every setting the CLI and `npm start` read, validated once at start-up; every problem is listed at once.
 * Nothing else reads `process.env`.
 */
const schema = z.object({
  /** Folder for the embedded databases and generated dev keys. */
  CIVICGRAPH_DATA_DIR: z.string().min(1).default('.civicgraph'),
  /** Gateway port. */
  PORT: portSchema.default(4000),
  /** The first of the five subgraph ports (default PORT + 1; 0: any free ports), so instances can run side by side. */
  SUBGRAPH_PORT_BASE: z.coerce.number().int().min(0).max(65_530).optional(),
  /** Interface the services listen on. */
  HOST: hostSchema,
  /** pino level. */
  LOG_LEVEL: logLevelSchema,
  /**
   * `http`: each subgraph on its own port (4001–4005), every fetch over HTTP. `in-process`: single-process
   * mode, subgraphs inside the gateway's process, no HTTP hop, every check unchanged.
   */
  CIVICGRAPH_TRANSPORT: z.enum(['http', 'in-process']).default('http'),
  /** The operators' token for `/metrics`; `civicgraph start` makes one in the data folder without it. */
  METRICS_TOKEN: z.string().min(16).optional(),
  /** An administrator's API key, for the commands that go through the running gateway's admin API. */
  CIVICGRAPH_ADMIN_KEY: z.string().min(1).optional(),
  /** The gateway those commands call. Default: http://localhost:$PORT/graphql. */
  CIVICGRAPH_URL: z.url({ protocol: /^https?$/, error: "expected the gateway's http:// or https:// URL" }).optional(),
  /** Failed authentications a source or key prefix may make in a minute before it is shut out for the rest of it. */
  AUTH_FAILURES_PER_MINUTE: z.coerce.number().int().min(1).optional(),
  /** How long a request may take before the owners still working on it are cut off, ms. */
  REQUEST_TIMEOUT_MS: z.coerce.number().int().min(100).max(600_000).optional(),
  /** Residents `npm start` seeds into an empty city. */
  CIVICGRAPH_SEED_PERSONS: z.coerce.number().int().min(1).default(10_000),
  /** The share of records of each defect class the seed breaks on purpose, so quality runs have something to find (0: none). */
  CIVICGRAPH_SEED_DEFECTS: z.coerce.number().min(0).max(0.1).default(0.001),
  /** When the quality supervisor runs on its own: a cron pattern in Asia/Shanghai time, or `off`. */
  CIVICGRAPH_QUALITY_SCHEDULE: z
    .string()
    .regex(/^(off|\S+( \S+){4,5})$/, 'expected a cron pattern such as "0 2 * * *", or off')
    .default('0 2 * * *'),
  /** Each embedded database's buffer cache under `npm start` (five of them share the machine's memory). */
  PGLITE_SHARED_BUFFERS: z
    .string()
    .regex(/^\d+(kB|MB|GB)$/, 'expected a PostgreSQL memory size such as 64MB')
    .default('16MB'),
  /** The city's OpenID Connect provider for console sign-in (its issuer URL); without it, local accounts only. */
  CIVICGRAPH_OIDC_ISSUER: z.url({ protocol: /^https?$/ }).optional(),
  /** The console's client id and secret at that provider, and the URL it sends people back to (default: /console/oidc/callback on the origin the browser used). */
  CIVICGRAPH_OIDC_CLIENT_ID: z.string().min(1).optional(),
  CIVICGRAPH_OIDC_CLIENT_SECRET: z.string().min(1).optional(),
  CIVICGRAPH_OIDC_REDIRECT_URI: z.url({ protocol: /^https?$/ }).optional(),
  /** Console sessions end after this many idle minutes, and this many hours after sign-in. */
  CIVICGRAPH_CONSOLE_IDLE_MINUTES: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 60)
    .default(30),
  CIVICGRAPH_CONSOLE_SESSION_HOURS: z.coerce.number().int().min(1).max(24).default(8),
  POPULATION_DATABASE_URL: postgresUrlSchema.optional(),
  LEGAL_ENTITY_DATABASE_URL: postgresUrlSchema.optional(),
  SPATIAL_DATABASE_URL: postgresUrlSchema.optional(),
  E_LICENSE_DATABASE_URL: postgresUrlSchema.optional(),
  GOVERNANCE_DATABASE_URL: postgresUrlSchema.optional(),
});

export type Env = z.infer<typeof schema>;

export function readEnv(source: NodeJS.ProcessEnv = process.env): Env {
  const env = parseEnvironment(schema, source);
  return { ...env, CIVICGRAPH_DATA_DIR: path.resolve(env.CIVICGRAPH_DATA_DIR) };
}

export function databaseUrls(env: Env) {
  return {
    population: env.POPULATION_DATABASE_URL,
    'legal-entity': env.LEGAL_ENTITY_DATABASE_URL,
    spatial: env.SPATIAL_DATABASE_URL,
    'e-license': env.E_LICENSE_DATABASE_URL,
    governance: env.GOVERNANCE_DATABASE_URL,
  };
}

/** The subgraphs' ports: five from SUBGRAPH_PORT_BASE (default PORT + 1), in composition order; 0 for any free ones. */
export function subgraphPortsOf(env: Pick<Env, 'PORT' | 'SUBGRAPH_PORT_BASE'>): Record<SubgraphName, number> | 0 {
  const base = env.SUBGRAPH_PORT_BASE ?? (env.PORT === 0 ? 0 : env.PORT + 1);
  if (base === 0) return 0;
  return Object.fromEntries(SUBGRAPH_NAMES.map((name, i) => [name, base + i])) as Record<SubgraphName, number>;
}
