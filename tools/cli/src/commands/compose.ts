import { readFileSync, writeFileSync } from 'node:fs';
import { composeSupergraph, fieldsWithoutCatalog, SUPERGRAPH_PATH } from '@civicgraph/schema';

/** Composes schema/*.graphql into schema/supergraph.graphql; with `check`, fails instead when the file is stale. */
export function composeCommand({ check }: { check: boolean }): void {
  const result = composeSupergraph();
  if (!result.ok) throw new Error(`the subgraphs do not compose:\n${result.errors.map((e) => `  ${e}`).join('\n')}`);
  const missing = fieldsWithoutCatalog(result.supergraphSdl);
  if (missing.length) throw new Error(`fields without @catalog metadata:\n${missing.map((c) => `  ${c}`).join('\n')}`);
  if (check) {
    let current = '';
    try {
      current = readFileSync(SUPERGRAPH_PATH, 'utf8');
    } catch {
      // A missing file is stale too.
    }
    if (current !== result.supergraphSdl) throw new Error('schema/supergraph.graphql is stale: run `npm run compose` and commit the result');
    console.log('schema/supergraph.graphql is up to date');
    return;
  }
  writeFileSync(SUPERGRAPH_PATH, result.supergraphSdl);
  console.log(`wrote ${SUPERGRAPH_PATH}`);
}
