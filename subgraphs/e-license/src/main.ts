// One subgraph process: reads its settings from the environment and listens. See the README (Operations).
// First, before anything loads the pg driver (see the module).
import '@civicgraph/observability/instrument';
import { runSubgraphProcess } from '@civicgraph/subgraph-kit';
import { createELicenseSubgraph } from './index';

runSubgraphProcess('e-license', (db, contextTrust) => createELicenseSubgraph({ db, contextTrust })).catch((error: unknown) => {
  console.error(`e-license subgraph: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
