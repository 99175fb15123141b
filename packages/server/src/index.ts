export { startHttpServer, sendJson } from './startHttpServer';
export type { HttpServerOptions, RunningServer, RouteHandler } from './startHttpServer';
export { createGraphQLHandler } from './graphqlHandler';
export type { GraphQLHandlerOptions, RequestInfo } from './graphqlHandler';
export { createHealthHandler } from './health';
export { createApolloServer } from './createApolloServer';
export { createLogger } from './logger';
export type { Logger, LoggerOptions } from './logger';
export { parseEnvironment, logLevelSchema, postgresUrlSchema } from './parseEnvironment';
