import { DataDirInUseError } from '@civicgraph/db';
import { storedMaskInferences } from '@civicgraph/governance-subgraph';
import { callAdminApi } from '../adminApi';
import type { Env } from '../cliEnvironment';
import { withGovernanceDatabase } from '../governanceDatabase';

interface Finding {
  holder: string;
  reasons: string[];
}

/** Beside a running `npm start` (whose embedded database it cannot open): the same report from the admin API. */
async function findThroughAdminApi(env: Env, error: DataDirInUseError): Promise<Finding[]> {
  if (!env.CIVICGRAPH_ADMIN_KEY) {
    throw new Error(`${error.message}; or set CIVICGRAPH_ADMIN_KEY to an administrator's key to ask the running gateway's admin API`, { cause: error });
  }
  const { maskInferences } = await callAdminApi<{ maskInferences: Finding[] }>(env, 'grants check', '{ maskInferences { holder reasons } }', {});
  return maskInferences;
}

/** `civicgraph grants check`: stored grants that undo a mask, per scenario and per application; exit 1 when any. */
export async function grantsCheckCommand(env: Env): Promise<void> {
  let found: Finding[];
  try {
    found = (await withGovernanceDatabase(env, (prisma) => storedMaskInferences(prisma))).map(({ holder, problems }) => ({
      holder,
      reasons: problems.map((p) => p.reason),
    }));
  } catch (error) {
    if (!(error instanceof DataDirInUseError)) throw error;
    found = await findThroughAdminApi(env, error);
  }
  for (const { holder, reasons } of found) {
    console.log(`${holder}:`);
    for (const reason of reasons) console.log(`  ${reason}`);
  }
  if (found.length) {
    console.error(`grants check: ${found.length} ${found.length === 1 ? 'holder reads' : 'holders read'} a masked value other grants give back`);
    process.exitCode = 1;
  } else {
    console.log('grants check: no grants undo a mask');
  }
}
