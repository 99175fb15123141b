// The gateway process: reads its settings from the environment and listens. See the README (Operations).
import { createLogger } from '@civicgraph/server';
import { serveGateway } from './createGateway';
import { readGatewayEnvironment } from './env';

async function main() {
  const env = readGatewayEnvironment(process.env);
  const logger = createLogger({ name: 'gateway', level: env.LOG_LEVEL });
  const server = await serveGateway({
    port: env.PORT,
    host: env.HOST,
    logger,
    subgraphUrls: {
      population: env.POPULATION_SUBGRAPH_URL,
      'legal-entity': env.LEGAL_ENTITY_SUBGRAPH_URL,
      spatial: env.SPATIAL_SUBGRAPH_URL,
      'e-license': env.E_LICENSE_SUBGRAPH_URL,
    },
  });
  logger.info({ url: `${server.url}/graphql` }, 'gateway listening');
  const stop = async () => {
    await server.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void stop());
  process.once('SIGTERM', () => void stop());
}

main().catch((error: unknown) => {
  console.error(`gateway: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
