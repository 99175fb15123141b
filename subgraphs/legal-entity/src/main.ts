// One subgraph process: reads its settings from the environment and listens. See the README (Operations).
// First, before anything loads the pg driver (see the module).
import '@civicgraph/observability/instrument';
import { runSubgraphProcess } from '@civicgraph/subgraph-kit';
import { createLegalEntitySubgraph } from './index';

runSubgraphProcess('legal-entity', (db, contextTrust) => createLegalEntitySubgraph({ db, contextTrust })).catch((error: unknown) => {
  console.error(`legal-entity subgraph: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
