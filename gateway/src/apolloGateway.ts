import { ApolloGateway, type GatewayConfig } from '@apollo/gateway';

/**
 * `@apollo/gateway` as a government network needs it: sending nothing anywhere but to the subgraphs. Left
 * to itself it probes cloud metadata services (Alibaba, AWS, GCP, Azure at 169.254.169.254 and the like)
 * and reports usage to Apollo's cloud (usage-reporting.api.apollographql.com); its only switch is this
 * process-wide variable, read when a gateway is constructed.
 */
export function createApolloGateway(config: GatewayConfig): ApolloGateway {
  process.env.APOLLO_TELEMETRY_DISABLED = 'true';
  return new ApolloGateway(config);
}
