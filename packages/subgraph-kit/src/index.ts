export { DateScalar, DateTimeScalar, DecimalScalar } from './scalars';
export { requireValid, requireRecordId, isRecordId } from './arguments';
export { pageRequest, connectionOf, encodeCursor, MAX_PAGE_SIZE } from './pagination';
export type { PageRequest, Connection } from './pagination';
export { buildSchema, serveSubgraph } from './serveSubgraph';
export type { Subgraph, ServeSubgraphOptions } from './serveSubgraph';
export { groupBy } from './groupBy';
export { createSubgraph } from './createSubgraph';
export type { SubgraphContext, CreateSubgraphOptions, BaseSubgraph } from './createSubgraph';

/** An entity another subgraph owns, as this subgraph sees it: its key only. */
export interface KeyReference {
  id: string;
}
export { loadRequired } from './loadRequired';
export { runSubgraphProcess, readSubgraphEnvironment } from './runSubgraphProcess';
export type { SubgraphEnvironment } from './runSubgraphProcess';
