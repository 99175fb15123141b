// One subgraph process: reads its settings from the environment and listens. See the README (Operations).
// First, before anything loads the pg driver (see the module).
import '@civicgraph/observability/instrument';
import { runSubgraphProcess } from '@civicgraph/subgraph-kit';
import { createGovernanceSubgraph } from './index';

runSubgraphProcess('governance', (db, contextTrust) => createGovernanceSubgraph({ db, contextTrust })).catch((error: unknown) => {
  console.error(`governance subgraph: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
