export { DateScalar, DateTimeScalar, DecimalScalar } from './scalars';
export { requireValid, requireRecordId, isRecordId, requireDistrictCode, prefixMatch, requireFilterReadable } from './arguments';
export type { FilterCaller } from './arguments';
export { pageRequest, connectionOf, encodeCursor, findPage, MAX_PAGE_SIZE } from './pagination';
export type { PageRequest, Connection } from './pagination';
export { buildSchema, serveSubgraph, startSubgraphInProcess } from './serveSubgraph';
export type { Subgraph, ServeSubgraphOptions, InProcessSubgraph } from './serveSubgraph';
export { createKeyLoader, createListLoader, groupBy } from './loaders';
export { createSubgraph } from './createSubgraph';
export type { AuditMode, SubgraphContext, CreateSubgraphOptions, BaseSubgraph } from './createSubgraph';
export { loadRequired } from './loadRequired';
export type { KeyReference } from './KeyReference';
export { runSubgraphProcess, readSubgraphEnvironment } from './runSubgraphProcess';
export type { SubgraphEnvironment } from './runSubgraphProcess';
export {
  rowGuard,
  visibleRows,
  visibleOrNull,
  orAbsent,
  isOutsideConstraint,
  requireSearchAllowed,
  outsideConstraint,
  hasRowConstraints,
} from './rowConstraints';
export type { RowRule, RowConstraintName } from './rowConstraints';
export { accessLogOf, auditCallerWhere, findDisclosures, newestFirstPage } from './disclosureLog';
export type { AuditCallerFilterInput, DisclosureFilterInput, DisclosureStore } from './disclosureLog';
