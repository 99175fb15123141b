export { createGateway, serveGateway, MAX_USE_REASON_LENGTH } from './createGateway';
export type { GatewayOptions, ServeGatewayOptions } from './createGateway';
export type { GatewayContext } from './GatewayContext';
export { useScenarioAuthorization } from './useScenarioAuthorization';
export { createSubgraphFetcher } from './createSubgraphFetcher';
export type { SubgraphFetcherOptions, InProcessExecutor } from './createSubgraphFetcher';
export { readGatewayEnvironment } from './env';
export type { GatewayEnvironment } from './env';
