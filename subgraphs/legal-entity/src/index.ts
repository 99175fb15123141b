export { createLegalEntitySubgraph } from './createLegalEntitySubgraph';
export type { LegalEntitySubgraph, LegalEntitySubgraphDeps } from './createLegalEntitySubgraph';
export type { LegalEntityContext } from './context';
