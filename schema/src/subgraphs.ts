import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse, type DocumentNode } from 'graphql';

/** Subgraphs in composition order; each owns the SDL file `schema/<name>.graphql`: the four base databases, then governance. */
export const SUBGRAPH_NAMES = ['population', 'legal-entity', 'spatial', 'e-license', 'governance'] as const;
export type SubgraphName = (typeof SUBGRAPH_NAMES)[number];

/** Ports `npm start` gives the subgraphs; the composed supergraph records these as defaults. */
export const DEFAULT_SUBGRAPH_PORTS: Record<SubgraphName, number> = {
  population: 4001,
  'legal-entity': 4002,
  spatial: 4003,
  'e-license': 4004,
  governance: 4005,
};

export const SCHEMA_DIR = path.resolve(__dirname, '..');
export const SUPERGRAPH_PATH = path.join(SCHEMA_DIR, 'supergraph.graphql');

/** The SDL of one subgraph, with the catalog directive definition every subgraph shares. */
export function subgraphSdl(name: SubgraphName): string {
  const catalog = readFileSync(path.join(SCHEMA_DIR, 'catalog.graphql'), 'utf8');
  return `${readFileSync(path.join(SCHEMA_DIR, `${name}.graphql`), 'utf8')}\n${catalog}`;
}

export function subgraphTypeDefs(name: SubgraphName): DocumentNode {
  return parse(subgraphSdl(name));
}

export function readSupergraphSdl(): string {
  return readFileSync(SUPERGRAPH_PATH, 'utf8');
}
