import { demoKey } from '@civicgraph/platform';
import type { Env } from '../cliEnvironment';

/**
 * `civicgraph demo:key --scenario S`: prints the API key `npm start` issued to the demo application of
 * scenario S (or the demo administrator's, `--scenario admin`), from the data folder's credentials file,
 * so examples and scripts can say `KEY=$(npx civicgraph demo:key --scenario district-office)`.
 */
export function demoKeyCommand(env: Env, scenario: string): void {
  console.log(demoKey(env.CIVICGRAPH_DATA_DIR, scenario));
}
