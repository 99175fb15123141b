import type { DemoStaffMember } from './demoStaff';
import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { ScenarioCredentials } from './demoScenarios';

/** The demo keys `npm start` issues once, kept in the data folder since the database holds only their hashes. */
export interface DemoCredentials {
  admin: { apiKey: string } | null;
  scenarios: ScenarioCredentials[];
  /** The console's demo people and their passwords. */
  staff?: DemoStaffMember[];
}

export const demoCredentialsFile = (dataDir: string) => path.join(dataDir, 'demo-credentials.json');

/** The data folder's demo credentials; null when `npm start` has not written them there. */
export function readDemoCredentials(dataDir: string): DemoCredentials | null {
  const file = demoCredentialsFile(dataDir);
  if (!existsSync(file)) return null;
  return { admin: null, scenarios: [], ...(JSON.parse(readFileSync(file, 'utf8')) as Partial<DemoCredentials>) };
}

/** Writes them readable by their owner only. */
export function writeDemoCredentials(dataDir: string, credentials: DemoCredentials): void {
  const file = demoCredentialsFile(dataDir);
  writeFileSync(file, `${JSON.stringify(credentials, null, 2)}\n`, { mode: 0o600 });
  chmodSync(file, 0o600);
}

/** The demo key of scenario `code` (`admin`: the demo administrator's), or an error saying which keys there are. */
export function demoKey(dataDir: string, code: string): string {
  const credentials = readDemoCredentials(dataDir);
  if (!credentials)
    throw new Error(`${demoCredentialsFile(dataDir)} does not exist: run npm start once (with this CIVICGRAPH_DATA_DIR) to create the demo city`);
  const key = code === 'admin' ? credentials.admin?.apiKey : credentials.scenarios.find((s) => s.code === code)?.apiKey;
  if (key) return key;
  const known = [...credentials.scenarios.map((s) => s.code), ...(credentials.admin ? ['admin'] : [])];
  throw new Error(`no demo key for "${code}" in ${demoCredentialsFile(dataDir)}; it holds: ${known.join(', ')}`);
}
