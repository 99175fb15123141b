import { storedMaskInferences } from '@civicgraph/governance-subgraph';
import type { Env } from '../cliEnvironment';
import { withGovernanceDatabase } from '../governanceDatabase';

/** `civicgraph grants check`: stored grants that undo a mask, per scenario and per application; exit 1 when any. */
export async function grantsCheckCommand(env: Env): Promise<void> {
  const found = await withGovernanceDatabase(env, (prisma) => storedMaskInferences(prisma));
  for (const { holder, problems } of found) {
    console.log(`${holder}:`);
    for (const problem of problems) console.log(`  ${problem.reason}`);
  }
  if (found.length) {
    console.error(`grants check: ${found.length} ${found.length === 1 ? 'holder reads' : 'holders read'} a masked value other grants give back`);
    process.exitCode = 1;
  } else {
    console.log('grants check: no grants undo a mask');
  }
}
