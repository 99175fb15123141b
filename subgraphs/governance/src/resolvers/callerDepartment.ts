import { forbidden } from '@civicgraph/errors';
import { isRecordId } from '@civicgraph/subgraph-kit';
import type { GovernanceContext } from '../context';

/** The department of the application making this call, as registered. */
export async function callerDepartment(ctx: GovernanceContext): Promise<string> {
  const app = isRecordId(ctx.caller.app) ? await ctx.loaders.applicationById.load(ctx.caller.app) : null;
  if (!app) throw forbidden('The calling application is not registered');
  return app.departmentCode;
}

/** Refuses a decision that names no official: the reviewing application sends their subject token, or a person decides in the console. */
export function requireNamedReviewer(ctx: GovernanceContext): void {
  if (!ctx.caller.subject && !ctx.caller.person)
    throw forbidden('A decision names the official who makes it: send their X-Subject-Token with the call, or decide in the console', {
      rule: 'namedReviewer',
    });
}
