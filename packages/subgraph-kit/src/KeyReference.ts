/** An entity another subgraph owns, as this subgraph sees it: its key only. */
export interface KeyReference {
  id: string;
}
