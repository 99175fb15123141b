import { forbidden } from '@civicgraph/errors';
import { isRecordId } from '@civicgraph/subgraph-kit';
import type { GovernanceContext } from '../context';

/** The department of the application making this call, as registered. */
export async function callerDepartment(ctx: GovernanceContext): Promise<string> {
  const app = isRecordId(ctx.caller.app) ? await ctx.loaders.applicationById.load(ctx.caller.app) : null;
  if (!app) throw forbidden('The calling application is not registered');
  return app.departmentCode;
}
