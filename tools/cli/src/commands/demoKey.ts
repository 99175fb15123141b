import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Env } from '../cliEnvironment';

interface DemoCredentialsFile {
  admin: { apiKey: string } | null;
  scenarios: { code: string; apiKey: string }[];
}

/**
 * `civicgraph demo:key --scenario S`: prints the API key `npm start` issued to the demo application of
 * scenario S (or the demo administrator's, `--scenario admin`), from the data folder's credentials file,
 * so examples and scripts can say `KEY=$(npx civicgraph demo:key --scenario district-office)`.
 */
export function demoKeyCommand(env: Env, scenario: string): void {
  const file = path.join(env.CIVICGRAPH_DATA_DIR, 'demo-credentials.json');
  if (!existsSync(file)) throw new Error(`${file} does not exist: run npm start once (with this CIVICGRAPH_DATA_DIR) to create the demo city`);
  const credentials = JSON.parse(readFileSync(file, 'utf8')) as DemoCredentialsFile;
  const key = scenario === 'admin' ? credentials.admin?.apiKey : credentials.scenarios.find((s) => s.code === scenario)?.apiKey;
  if (!key) {
    const known = [...credentials.scenarios.map((s) => s.code), ...(credentials.admin ? ['admin'] : [])];
    throw new Error(`--scenario: no demo key for "${scenario}" in ${file}; it holds: ${known.join(', ')}`);
  }
  console.log(key);
}
