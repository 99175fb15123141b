import { OPEN_SCENARIO } from '@civicgraph/policy';
import type { CatalogItem } from '@civicgraph/schema';
import type { Resolvers } from '../generated/graphql';
import { isPastDue, meanWorkingDays, shanghaiDate } from '../rules';

/** How far back open-API use is counted in a department's evaluation. */
const OPEN_USE_DAYS = 30;

/**
 * A department's open data in its evaluation: its items by opening grade, how much the open API served of
 * them lately, and how it handled applications for its conditionally open data.
 */
export function openDataEvaluationResolvers(catalog: ReadonlyMap<string, CatalogItem>, now: () => Date = () => new Date()): Resolvers {
  const items = [...catalog.values()];
  return {
    DepartmentEvaluation: {
      openData: async ({ departmentCode }, _, ctx) => {
        const owned = items.filter((i) => i.owner === departmentCode);
        const grade = (opening: string) => owned.filter((i) => i.opening === opening).length;
        const since = new Date(now().getTime() - OPEN_USE_DAYS * 86_400_000);
        const [use] = owned.length
          ? await ctx.db.query<{ requests: number }>(
              `SELECT count(*)::int AS requests FROM audit_request
                WHERE scenario = $1 AND at >= $2 AND released IN ('DELIVERED', 'PARTIAL') AND coordinates && $3::text[]`,
              [OPEN_SCENARIO, since, owned.map((i) => i.coordinate)],
            )
          : [{ requests: 0 }];
        const applications = await ctx.prisma.openDataApplication.findMany({
          where: { ownerCode: departmentCode },
          select: { status: true, dueOn: true, answerWorkingDays: true, late: true },
        });
        const today = shanghaiDate(now());
        const answered = applications.filter((a) => a.answerWorkingDays !== null).map((a) => a.answerWorkingDays!);
        return {
          itemsUnconditional: grade('UNCONDITIONAL'),
          itemsConditional: grade('CONDITIONAL'),
          itemsNotOpen: grade('NOT_OPEN'),
          openApiRequests: use!.requests,
          applicationsReceived: applications.length,
          applicationsApproved: applications.filter((a) => a.status === 'APPROVED').length,
          applicationsRefused: applications.filter((a) => a.status === 'REFUSED').length,
          applicationsPending: applications.filter((a) => a.status === 'PENDING').length,
          applicationsOverdue: applications.filter((a) => a.status === 'PENDING' && isPastDue(a.dueOn, today)).length,
          applicationsLate: applications.filter((a) => a.late).length,
          averageAnswerWorkingDays: meanWorkingDays(answered),
        };
      },
    },
  };
}
