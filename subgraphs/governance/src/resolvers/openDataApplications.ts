import { randomUUID } from 'node:crypto';
import { badUserInputs, conflict, forbidden, notFound } from '@civicgraph/errors';
import { issueApiKey } from '@civicgraph/policy';
import type { OpenDataApplication } from '@civicgraph/prisma/governance';
import { isRecordId } from '@civicgraph/subgraph-kit';
import type { GovernanceContext } from '../context';
import type { Resolvers } from '../generated/graphql';
import {
  answerDueOn,
  claimTokenMatches,
  conditionalApplicationProblems,
  conditionalGrants,
  ensureDepartments,
  newClaimToken,
  OPEN_TRAFFIC,
  OUTSIDE_ORGANISATIONS,
  shanghaiDate,
  workingDaysBetween,
} from '../rules';
import { callerDepartment, requireNamedReviewer } from './callerDepartment';

/** The application a claim token opens, or NOT_FOUND alike for an unknown id and a wrong token (no probing for ids). */
async function applicationByClaim(ctx: GovernanceContext, id: string, claimToken: string): Promise<OpenDataApplication> {
  const application = isRecordId(id) ? await ctx.prisma.openDataApplication.findUnique({ where: { id } }) : null;
  if (!application || !claimTokenMatches(claimToken, application.claimTokenHash)) throw notFound(`Open data application "${id}" with this claim token`);
  return application;
}

/** Applications one organisation may have waiting at once: the queue is the owners' reviewers' time. */
const MAX_PENDING_PER_ORGANISATION = 3;

/** The scenario an approval creates: one per application, named after it. */
const scenarioCodeOf = (application: Pick<OpenDataApplication, 'id'>) => `open-app-${application.id.slice(0, 8)}`;

/**
 * Conditional opening (有条件开放): an outside organisation applies through the open API (purpose, the datasets,
 * its safeguards and the hash of the use agreement it signed) and gets a claim token; the owning department's
 * reviewer decides within ten working days; an approval creates a scenario of the datasets' items, valid until
 * the end of the period, and an application of the organisation bound to it; the organisation claims its key
 * once with the token. Its use is read back from the request log.
 */
export function openDataApplicationResolvers(now: () => Date = () => new Date()): Resolvers {
  return {
    Query: {
      openDataApplication: (_, { id, claimToken }, ctx) => applicationByClaim(ctx, id, claimToken),
      openDataApplicationQueue: async (_, __, ctx) =>
        ctx.prisma.openDataApplication.findMany({
          where: { ownerCode: await callerDepartment(ctx), status: 'PENDING' },
          orderBy: [{ dueOn: 'asc' }, { id: 'asc' }],
        }),
    },
    Mutation: {
      applyForOpenData: async (_, { input }, ctx) => {
        const submittedAt = now();
        const { problems, ownerCode } = conditionalApplicationProblems(input, submittedAt);
        if (problems.length) throw badUserInputs(problems);
        const pending = await ctx.prisma.openDataApplication.count({ where: { organisationUscc: input.organisationUscc, status: 'PENDING' } });
        if (pending >= MAX_PENDING_PER_ORGANISATION)
          throw conflict(`${pending} applications of this organisation are waiting for review: apply again once they are answered`);
        const claim = newClaimToken();
        const application = await ctx.prisma.openDataApplication.create({
          data: {
            id: randomUUID(),
            organisationName: input.organisationName.trim(),
            organisationUscc: input.organisationUscc,
            contactEmail: input.contactEmail,
            purpose: input.purpose.trim(),
            safeguards: input.safeguards.trim(),
            agreementSha256: input.agreementSha256,
            datasets: [...input.datasets],
            until: input.until,
            ownerCode: ownerCode!,
            submittedAt,
            submittedInRequest: ctx.caller.requestId,
            dueOn: new Date(`${answerDueOn(submittedAt)}T00:00:00Z`),
            claimTokenHash: claim.hash,
          },
        });
        return { application, claimToken: claim.token };
      },
      decideOpenDataApplication: async (_, { id, input }, ctx) => {
        const application = isRecordId(id) ? await ctx.prisma.openDataApplication.findUnique({ where: { id } }) : null;
        if (!application) throw notFound(`Open data application "${id}"`);
        const department = await callerDepartment(ctx);
        if (application.ownerCode !== department)
          throw forbidden(`The datasets are owned by ${application.ownerCode}; a reviewer of ${department} cannot decide this application`);
        if (application.status !== 'PENDING') throw conflict(`This application was already ${application.status.toLowerCase()}`);
        requireNamedReviewer(ctx);
        const decidedAt = now();
        const until = input.until ?? application.until;
        const problems = [];
        if (!input.approve && !input.reason?.trim()) problems.push({ argument: 'input.reason', reason: 'a refusal must give its reason' });
        if (input.approve && until <= decidedAt) problems.push({ argument: 'input.until', reason: 'is in the past' });
        if (input.approve && until > application.until) problems.push({ argument: 'input.until', reason: 'may shorten the period applied for, not extend it' });
        if (problems.length) throw badUserInputs(problems);
        const decision = {
          status: input.approve ? ('APPROVED' as const) : ('REFUSED' as const),
          reason: input.reason?.trim() || null,
          decidedAt,
          decidedBy: ctx.caller.app,
          decidedBySubject: ctx.caller.subject,
          decidedByPerson: ctx.caller.person ?? null,
          answerWorkingDays: workingDaysBetween(application.submittedAt, decidedAt),
          late: shanghaiDate(decidedAt) > application.dueOn.toISOString().slice(0, 10),
          until: input.approve ? until : application.until,
        };
        if (!input.approve) return ctx.prisma.openDataApplication.update({ where: { id, status: 'PENDING' }, data: decision });
        await ensureDepartments(ctx.prisma);
        const scenarioCode = scenarioCodeOf(application);
        const applicationId = randomUUID();
        const [updated] = await ctx.prisma.$transaction([
          // Only a still-pending application changes: two reviewers deciding at once cannot both win.
          ctx.prisma.openDataApplication.update({ where: { id, status: 'PENDING' }, data: { ...decision, scenarioCode, applicationId } }),
          ctx.prisma.scenario.create({
            data: {
              code: scenarioCode,
              name: `有条件开放 Conditional opening · ${application.organisationName}`,
              purpose: application.purpose,
              legalBasis: `《上海市公共数据开放暂行办法》（有条件开放）; use agreement sha256:${application.agreementSha256}`,
              departmentCode: OUTSIDE_ORGANISATIONS,
              validFrom: decidedAt,
              validUntil: until,
              useReasonRequired: false,
              ...OPEN_TRAFFIC,
              grants: { create: conditionalGrants(application.datasets).map((coordinate) => ({ coordinate })) },
            },
          }),
          ctx.prisma.application.create({
            data: { id: applicationId, name: `${application.organisationName} (${application.organisationUscc})`, departmentCode: OUTSIDE_ORGANISATIONS },
          }),
          ctx.prisma.scenarioApplication.create({ data: { scenarioCode, applicationId } }),
        ]);
        return updated;
      },
      claimOpenDataKey: async (_, { id, claimToken }, ctx) => {
        const application = await applicationByClaim(ctx, id, claimToken);
        if (application.status !== 'APPROVED' || !application.applicationId)
          throw conflict(`This application is ${application.status.toLowerCase()}: a key is issued once it is approved`);
        const key = issueApiKey();
        // Claimed once: the update only matches while no key has been claimed.
        const claimed = await ctx.prisma.openDataApplication.updateMany({ where: { id, keyClaimedAt: null }, data: { keyClaimedAt: now() } });
        if (!claimed.count) throw conflict('The key of this application was already claimed: ask the platform to revoke it and issue another');
        await ctx.prisma.apiKey.create({ data: { id: randomUUID(), applicationId: application.applicationId, prefix: key.prefix, hash: key.hash } });
        return { apiKey: key.secret, scenarioCode: application.scenarioCode!, validUntil: application.until };
      },
    },
    OpenDataApplication: {
      dueOn: (a) => a.dueOn.toISOString().slice(0, 10),
      usage: async (a, _, ctx) => {
        if (!a.applicationId) return null;
        const [totals] = await ctx.db.query<{ requests: number; refused: number; records: number; last_at: Date | null }>(
          `SELECT count(*)::int AS requests, count(*) FILTER (WHERE decision = 'REFUSED')::int AS refused,
                  coalesce(sum(records), 0)::int AS records, max(at) AS last_at
             FROM audit_request WHERE app = $1`,
          [a.applicationId],
        );
        const days = await ctx.db.query<{ day: string; requests: number; records: number }>(
          `SELECT to_char(at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD') AS day, count(*)::int AS requests, coalesce(sum(records), 0)::int AS records
             FROM audit_request WHERE app = $1 GROUP BY 1 ORDER BY 1`,
          [a.applicationId],
        );
        const coordinates = await ctx.db.query<{ coordinate: string }>(
          `SELECT DISTINCT unnest(coordinates) AS coordinate FROM audit_request WHERE app = $1 AND decision = 'ALLOWED' ORDER BY 1`,
          [a.applicationId],
        );
        return {
          requests: totals!.requests,
          refused: totals!.refused,
          records: totals!.records,
          lastAt: totals!.last_at,
          byDay: days,
          coordinates: coordinates.map((c) => c.coordinate),
        };
      },
    },
  };
}
