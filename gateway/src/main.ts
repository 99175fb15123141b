// The gateway process: reads its settings from the environment and listens. See the README (Operations).
// First, before anything loads the pg driver (see the module).
import '@civicgraph/observability/instrument';
import { createPublicKey } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { openDatabase, requireCurrentMigrations } from '@civicgraph/db';
import { createRequestLog } from '@civicgraph/audit';
import { createScenarioDirectory } from './scenarioDirectory';
import { collectProcessMetrics, startTracing } from '@civicgraph/observability';
import { contextSigningKeyFromPem, type SubjectTokenVerifier } from '@civicgraph/policy';
import { migrationSourceOf } from '@civicgraph/prisma';
import { PrismaClient as GovernanceClient } from '@civicgraph/prisma/governance';
import { createLogger, stopOnSignals } from '@civicgraph/server';
import { serveGateway } from './createGateway';
import { readGatewayEnvironment } from './gatewayEnvironment';

async function main() {
  const env = readGatewayEnvironment(process.env);
  const logger = createLogger({ name: 'gateway', level: env.LOG_LEVEL });
  const keyFile = path.resolve(env.CONTEXT_SIGNING_KEY_FILE ?? path.join(env.CIVICGRAPH_DATA_DIR, 'keys', 'context-signing-key.pem'));
  let contextKey;
  try {
    contextKey = contextSigningKeyFromPem(readFileSync(keyFile, 'utf8')).privateKey;
  } catch {
    throw new Error(`cannot read the context-signing key from ${keyFile} (set CONTEXT_SIGNING_KEY_FILE; \`civicgraph start\` creates one)`);
  }
  const idpKeyFile = env.SUBJECT_TOKEN_PUBLIC_KEY_FILE ?? path.join(env.CIVICGRAPH_DATA_DIR, 'keys', 'identity-provider-dev-key.pub.pem');
  let subjectTokens: SubjectTokenVerifier | undefined;
  const tokenRules = { issuer: env.SUBJECT_TOKEN_ISSUER, maxLifetimeSeconds: env.SUBJECT_TOKEN_MAX_LIFETIME_SECONDS };
  if (env.SUBJECT_TOKEN_JWKS_URL) {
    subjectTokens = { jwksUrl: env.SUBJECT_TOKEN_JWKS_URL, ...tokenRules };
  } else if (env.SUBJECT_TOKEN_PUBLIC_KEY_FILE || existsSync(idpKeyFile)) {
    try {
      subjectTokens = { publicKey: createPublicKey(readFileSync(path.resolve(idpKeyFile), 'utf8')), ...tokenRules };
    } catch {
      throw new Error(`cannot read the identity provider's public key from ${idpKeyFile} (SUBJECT_TOKEN_PUBLIC_KEY_FILE)`);
    }
  } else {
    logger.warn('no identity provider key configured (SUBJECT_TOKEN_PUBLIC_KEY_FILE): subject tokens are refused');
  }
  const governance = await openDatabase({
    name: 'governance',
    url: env.GOVERNANCE_DATABASE_URL,
    dataDir: env.GOVERNANCE_DATABASE_URL ? undefined : path.resolve(env.CIVICGRAPH_DATA_DIR, 'databases', 'governance'),
  });
  await requireCurrentMigrations(governance, migrationSourceOf('governance'));
  collectProcessMetrics();
  const tracing = startTracing({ serviceName: 'civicgraph-gateway' });
  const requestLog = createRequestLog(governance, {
    spoolFile: path.resolve(env.REQUEST_LOG_SPOOL_FILE ?? path.join(env.CIVICGRAPH_DATA_DIR, 'spool', 'request-log.spool')),
  });
  const server = await serveGateway({
    requestLog,
    port: env.PORT,
    host: env.HOST,
    logger,
    directory: createScenarioDirectory(new GovernanceClient({ adapter: governance.adapter })),
    contextKey,
    subjectTokens,
    metricsToken: env.METRICS_TOKEN,
    failedAuthenticationsPerMinute: env.AUTH_FAILURES_PER_MINUTE,
    requestTimeoutMs: env.REQUEST_TIMEOUT_MS,
    admission: { maxInFlight: env.MAX_IN_FLIGHT_REQUESTS, maxQueued: env.MAX_QUEUED_REQUESTS },
    budgets: {
      maxDepth: env.REQUEST_MAX_DEPTH,
      maxAliases: env.REQUEST_MAX_ALIASES,
      maxTokens: env.REQUEST_MAX_TOKENS,
      maxRows: env.REQUEST_MAX_ROWS,
      maxBatch: env.REQUEST_MAX_BATCH,
    },
    subgraphUrls: {
      population: env.POPULATION_SUBGRAPH_URL,
      'legal-entity': env.LEGAL_ENTITY_SUBGRAPH_URL,
      spatial: env.SPATIAL_SUBGRAPH_URL,
      'e-license': env.E_LICENSE_SUBGRAPH_URL,
      governance: env.GOVERNANCE_SUBGRAPH_URL,
    },
  });
  logger.info({ url: `${server.url}/graphql` }, 'gateway listening');
  stopOnSignals(async () => {
    await server.close();
    await requestLog.close();
    await tracing?.shutdown();
    await governance.close();
  });
}

main().catch((error: unknown) => {
  console.error(`gateway: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
