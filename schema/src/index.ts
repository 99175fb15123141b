export { SUBGRAPH_NAMES, DEFAULT_SUBGRAPH_PORTS, SUPERGRAPH_PATH, subgraphSdl, subgraphTypeDefs, readSupergraphSdl } from './subgraphs';
export type { SubgraphName } from './subgraphs';
export { composeSupergraph } from './composeSupergraph';
export type { ComposeResult } from './composeSupergraph';
export { readCatalog, negativeList, fieldsWithoutCatalog, SHARING, OPENING, UPDATE_CYCLES } from './catalog';
export type { CatalogEntry, CatalogReading } from './catalog';
export { catalogItems, responsibilityConflicts } from './catalogItems';
export type { CatalogItem } from './catalogItems';
export { apiSchema } from './apiSchema';
