export { createGateway, serveGateway } from './createGateway';
export type { GatewayOptions, ServeGatewayOptions, GatewayContext } from './createGateway';
export { createSubgraphFetcher } from './createSubgraphFetcher';
export type { SubgraphFetcherOptions } from './createSubgraphFetcher';
export { readGatewayEnvironment } from './env';
export type { GatewayEnvironment } from './env';
