import { callAdminApi } from '../adminApi';
import type { Env } from '../cliEnvironment';

const USAGE = `query Usage($scenario: String!, $days: Int!) {
  grantUsage(scenario: $scenario, days: $days) {
    used { coordinate requests lastUsed }
    unused
    unusedNeededBy { id name coordinates }
    applications { application { id name } requests refused rows }
  }
}`;

interface UsageAnswer {
  grantUsage: {
    used: { coordinate: string; requests: number; lastUsed: string }[];
    unused: string[];
    unusedNeededBy: { id: string; name: string | null; coordinates: string[] }[];
    applications: { application: { id: string; name: string } | null; requests: number; refused: number; rows: number }[];
  };
}

/**
 * `civicgraph grants unused --scenario S [--days N]`: the least-privilege report — grants the scenario's
 * applications never used in the period, proposed for removal with what would still need them, and each
 * application's traffic — through the running gateway's admin API. Exit 1 when there is something to remove.
 */
export async function grantsUnusedCommand(env: Env, scenario: string, days: number): Promise<void> {
  const { grantUsage: usage } = await callAdminApi<UsageAnswer>(env, 'grants unused', USAGE, { scenario, days });
  console.log(`Scenario "${scenario}", the last ${days} days:`);
  for (const a of usage.applications) {
    console.log(
      `  ${a.application ? `${a.application.name} (${a.application.id})` : '(deleted application)'}: ${a.requests} requests, ${a.refused} refused, ${a.rows} rows`,
    );
  }
  console.log(`Used: ${usage.used.length ? usage.used.map((u) => `${u.coordinate} ×${u.requests}`).join(', ') : 'nothing'}`);
  if (!usage.unused.length) {
    console.log('Every grant in force was used.');
    return;
  }
  console.log(`Never used, proposed for removal: ${usage.unused.join(', ')}`);
  for (const o of usage.unusedNeededBy) {
    console.log(
      `  still needed by registered operation ${o.name ?? '(anonymous)'} ${o.id}: ${o.coordinates.filter((c) => usage.unused.includes(c)).join(', ')}`,
    );
  }
  console.log(`To remove them: mutation { removeGrants(scenarioCode: "${scenario}", coordinates: ${JSON.stringify(usage.unused)}) { version } }`);
  process.exitCode = 1;
}
