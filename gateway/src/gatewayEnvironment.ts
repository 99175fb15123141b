import { hostSchema, logLevelSchema, parseEnvironment, portSchema, postgresUrlSchema } from '@civicgraph/server';
import { DEV_IDENTITY_PROVIDER } from '@civicgraph/policy';
import { z } from 'zod';

const url = z.url({ protocol: /^https?$/ });

/** The gateway process's settings, validated at start-up with every problem listed at once. */
const gatewayEnvironment = z.object({
  PORT: portSchema.default(4000),
  HOST: hostSchema,
  LOG_LEVEL: logLevelSchema,
  /** Subgraph endpoints; each defaults to the URL recorded in the supergraph (localhost:4001–4005). */
  POPULATION_SUBGRAPH_URL: url.optional(),
  LEGAL_ENTITY_SUBGRAPH_URL: url.optional(),
  SPATIAL_SUBGRAPH_URL: url.optional(),
  E_LICENSE_SUBGRAPH_URL: url.optional(),
  GOVERNANCE_SUBGRAPH_URL: url.optional(),
  /** `postgres://…` for the governance database; otherwise the embedded one under CIVICGRAPH_DATA_DIR. */
  GOVERNANCE_DATABASE_URL: postgresUrlSchema.optional(),
  CIVICGRAPH_DATA_DIR: z.string().min(1).default('.civicgraph'),
  /** The Ed25519 private key (PKCS#8 PEM) that signs contexts for subgraphs. Default: keys/context-signing-key.pem in the data folder. */
  CONTEXT_SIGNING_KEY_FILE: z.string().min(1).optional(),
  /**
   * The identity provider's public key (SPKI PEM) that signs `X-Subject-Token`s. Default: the development
   * identity provider's keys/identity-provider-dev-key.pub.pem in the data folder, when it exists.
   */
  SUBJECT_TOKEN_PUBLIC_KEY_FILE: z.string().min(1).optional(),
  /** The identity provider's JWKS URL (instead of a key file): keys are fetched and cached, so it can rotate them. */
  SUBJECT_TOKEN_JWKS_URL: url.optional(),
  /** Longest accepted subject-token lifetime (`exp` − `iat`) and age, seconds. Default 3,600. */
  SUBJECT_TOKEN_MAX_LIFETIME_SECONDS: z.coerce.number().int().min(60).max(86_400).default(3600),
  /** The `iss` subject tokens must carry. */
  SUBJECT_TOKEN_ISSUER: z.string().min(1).default(DEV_IDENTITY_PROVIDER),
  /** The operators' token for `/metrics` (Authorization: Bearer); without it the route is off. */
  METRICS_TOKEN: z.string().min(16).optional(),
  /** Per-request budgets (RequestBudgets); each defaults to DEFAULT_REQUEST_BUDGETS. */
  REQUEST_MAX_DEPTH: z.coerce.number().int().min(1).optional(),
  REQUEST_MAX_ALIASES: z.coerce.number().int().min(0).optional(),
  REQUEST_MAX_TOKENS: z.coerce.number().int().min(100).optional(),
  REQUEST_MAX_ROWS: z.coerce.number().int().min(1).optional(),
  /** Failed authentications a source or key prefix may make in a minute before it is shut out for the rest of it. */
  AUTH_FAILURES_PER_MINUTE: z.coerce.number().int().min(1).optional(),
  /** How long a request may take before the owners still working on it are cut off, ms. */
  REQUEST_TIMEOUT_MS: z.coerce.number().int().min(100).max(600_000).optional(),
  REQUEST_MAX_BATCH: z.coerce.number().int().min(1).optional(),
  /** Where request records wait, durably, while the governance database cannot be written. Default: spool/request-log.spool in the data folder. */
  REQUEST_LOG_SPOOL_FILE: z.string().min(1).optional(),
  /** Requests executing at once, and waiting for a slot, before the excess is shed (503 OVERLOADED). */
  MAX_IN_FLIGHT_REQUESTS: z.coerce.number().int().min(1).optional(),
  MAX_QUEUED_REQUESTS: z.coerce.number().int().min(0).optional(),
});

export type GatewayEnvironment = z.infer<typeof gatewayEnvironment>;

export function readGatewayEnvironment(source: NodeJS.ProcessEnv): GatewayEnvironment {
  return parseEnvironment(gatewayEnvironment, source);
}
