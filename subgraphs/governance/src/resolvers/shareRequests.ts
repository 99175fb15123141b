import { randomUUID } from 'node:crypto';
import { badUserInput, conflict, forbidden, notFound } from '@civicgraph/errors';
import {
  answerDueOn,
  evaluate,
  governanceCoordinates,
  isGovernanceCoordinate,
  isOverdue,
  nextScenarioVersion,
  shanghaiDate,
  workingDaysBetween,
} from '../rules';
import type { Prisma, ShareRequest } from '@civicgraph/prisma/governance';
import { tableCatalog, type CatalogTable } from '@civicgraph/prisma';
import { accessRightsOf, downloadPathOf, OPEN_DATA_LICENSE, openList, type CatalogItem } from '@civicgraph/schema';
import { isRecordId, loadRequired } from '@civicgraph/subgraph-kit';
import type { GovernanceContext } from '../context';
import { callerDepartment, requireNamedReviewer } from './callerDepartment';
import { developerScope, reviewingDepartment } from './consoleScope';
import type { Resolvers } from '../generated/graphql';
import { Problems } from '../problems';
import { currentGrants, maskInferenceProblems, mergeGrants } from '../maskInferenceCheck';

/** Who acted on a share request, as stored (see the ShareActor type). */
export interface ShareActorRow {
  applicationId: string | null;
  scenarioCode: string | null;
  official: string | null;
  person: string | null;
  requestId: string | null;
}

/**
 * Four eyes: an item is decided by neither the application, nor the scenario, nor the official that asked
 * for it — another reviewer of the owning department must. Null when the caller may decide.
 */
function sameActor(request: ShareRequest, caller: GovernanceContext['caller']): string | null {
  if (request.applicationId === caller.app) return 'your application submitted the request';
  if (request.scenarioCode === caller.scenario) return 'the request asks for grants to the scenario you act under';
  if (request.submittedByScenario === caller.scenario) return 'the request was submitted under the scenario you act under';
  if (request.submittedBySubject && request.submittedBySubject === caller.subject) return 'you submitted the request';
  if (request.submittedByPerson && request.submittedByPerson === caller.person) return 'you submitted the request';
  return null;
}

/**
 * The share-request flow ("share as the rule, refuse as the exception"): requests are split per owning
 * department and decided per item; approvals become grants on the requesting scenario, in force at the
 * gateway within seconds.
 */
export function shareRequestResolvers(
  catalog: ReadonlyMap<string, CatalogItem>,
  /** Submission and decision times, deadlines and overdue checks read this clock. */
  now: () => Date = () => new Date(),
): Pick<
  Resolvers,
  'Query' | 'Mutation' | 'ShareRequest' | 'ShareRequestItem' | 'ShareActor' | 'DepartmentEvaluation' | 'CatalogItem' | 'DepartmentResponsibility'
> {
  const items = [...catalog.values()];
  /** Read from the Prisma schemas on first use; they do not change while the service runs. */
  let tables: CatalogTable[] | undefined;
  const governance = governanceCoordinates();
  return {
    Query: {
      catalog: (_, { filter }) =>
        items.filter(
          (i) =>
            (!filter?.database || i.database === filter.database) &&
            (!filter?.owner || i.owner === filter.owner) &&
            (!filter?.sharing || i.sharing === filter.sharing) &&
            (filter?.minGrade == null || i.grade >= filter.minGrade),
        ),
      negativeList: () => items.filter((i) => i.sharing === 'NONE'),
      tableCatalog: (_, { database }) => {
        tables ??= tableCatalog();
        return database ? tables.filter((t) => t.database === database) : tables;
      },
      openList: async (_, __, ctx) => {
        const names = new Map((await ctx.prisma.department.findMany({ select: { code: true, name: true } })).map((d) => [d.code, d.name]));
        return openList().map((d) => ({
          id: d.id,
          title: d.title,
          description: d.description,
          ownerCode: d.owner,
          ownerName: names.get(d.owner) ?? null,
          opening: d.opening,
          grade: d.grade,
          updateCycle: d.updateCycle,
          legalBasis: d.legalBasis,
          license: OPEN_DATA_LICENSE,
          accessRights: accessRightsOf(d.opening),
          fields: d.fields,
          accessFields: d.accessFields,
          downloadPath: downloadPathOf(d),
        }));
      },
      responsibilityList: () => {
        const owners = [...new Set(items.map((i) => i.owner))].sort();
        return owners.map((departmentCode) => ({ departmentCode, items: items.filter((i) => i.owner === departmentCode) }));
      },
      shareRequests: async (_, { departmentCode }, ctx) => {
        const scope = await developerScope(ctx);
        return ctx.prisma.shareRequest.findMany({
          where: { ...(departmentCode ? { departmentCode } : {}), ...(scope ? { scenarioCode: { in: [...scope.scenarios] } } : {}) },
          orderBy: [{ submittedAt: 'desc' }, { id: 'asc' }],
        });
      },
      shareRequest: async (_, { id }, ctx) => {
        const request = isRecordId(id) ? await ctx.prisma.shareRequest.findUnique({ where: { id } }) : null;
        const scope = await developerScope(ctx);
        return request && (!scope || scope.scenarios.has(request.scenarioCode)) ? request : null;
      },
      reviewQueue: async (_, __, ctx) =>
        ctx.prisma.shareRequestItem.findMany({
          where: { ownerCode: await callerDepartment(ctx), status: 'PENDING' },
          orderBy: [{ dueOn: 'asc' }, { id: 'asc' }],
        }),
      reviewedShareItems: async (_, { first }, ctx) => {
        if (first != null && (first < 1 || first > 200)) throw badUserInput('first', 'must be between 1 and 200');
        return ctx.prisma.shareRequestItem.findMany({
          where: { ownerCode: await callerDepartment(ctx), status: { not: 'PENDING' } },
          orderBy: [{ decidedAt: 'desc' }, { id: 'asc' }],
          take: first ?? 50,
        });
      },
      overdueShareItems: (_, __, ctx) =>
        ctx.prisma.shareRequestItem.findMany({
          where: { status: 'PENDING', dueOn: { lt: new Date(`${shanghaiDate(now())}T00:00:00Z`) } },
          orderBy: [{ dueOn: 'asc' }, { id: 'asc' }],
        }),
      departmentEvaluation: async (_, __, ctx) => {
        const departments = await ctx.prisma.department.findMany({ orderBy: { code: 'asc' }, select: { code: true } });
        const owned = new Map<string, number>();
        for (const item of items) owned.set(item.owner, (owned.get(item.owner) ?? 0) + 1);
        return evaluate(
          departments.map((d) => d.code),
          owned,
          await ctx.prisma.shareRequestItem.findMany(),
          shanghaiDate(now()),
        );
      },
    },
    Mutation: {
      submitShareRequest: async (_, { input }, ctx) => {
        const department = await callerDepartment(ctx);
        const problems = new Problems();
        if (!input.justification.trim()) problems.add('input.justification', 'must not be empty');
        if (!input.legalBasis.trim()) problems.add('input.legalBasis', 'must not be empty');
        if (!input.coordinates.length) problems.add('input.coordinates', 'must name at least one field coordinate');
        const seen = new Set<string>();
        input.coordinates.forEach((coordinate, i) => {
          if (seen.has(coordinate)) problems.addAll([{ argument: `input.coordinates[${i}]`, reason: `${coordinate} is named twice`, coordinate }]);
          else if (!catalog.has(coordinate))
            problems.addAll([{ argument: `input.coordinates[${i}]`, reason: `${coordinate} is not a data item of the catalog`, coordinate }]);
          else if (isGovernanceCoordinate(coordinate, governance)) {
            problems.addAll([
              {
                argument: `input.coordinates[${i}]`,
                reason: `${coordinate} administers the platform or reads its audit trail: it is not data, so only administrators grant it`,
                coordinate,
              },
            ]);
          }
          seen.add(coordinate);
        });
        const scope = await developerScope(ctx);
        const scenario =
          scope && !scope.scenarios.has(input.scenarioCode) ? null : await ctx.prisma.scenario.findUnique({ where: { code: input.scenarioCode } });
        if (!scenario) problems.add('input.scenarioCode', `no scenario "${input.scenarioCode}"`);
        problems.throwIfAny();
        if (scenario!.departmentCode !== department) {
          throw forbidden(
            `Scenario "${scenario!.code}" belongs to ${scenario!.departmentCode}; department ${department} may request fields only for its own scenarios`,
          );
        }

        const submittedAt = now();
        const dueOn = new Date(`${answerDueOn(submittedAt)}T00:00:00Z`);
        const id = randomUUID();
        const rows: Prisma.ShareRequestItemCreateManyInput[] = input.coordinates.map((coordinate) => {
          const item = catalog.get(coordinate)!;
          const base = { id: randomUUID(), requestId: id, coordinate, ownerCode: item.owner, sharing: item.sharing };
          if (item.sharing === 'UNCONDITIONAL') return { ...base, status: 'APPROVED', decidedAt: submittedAt, answerWorkingDays: 0 };
          if (item.sharing === 'NONE')
            return {
              ...base,
              status: 'REFUSED',
              decidedAt: submittedAt,
              answerWorkingDays: 0,
              reason: `On the negative list: not shared. Legal basis: ${item.legalBasis}`,
            };
          return { ...base, status: 'PENDING', dueOn };
        });
        // An item approved at once must not undo a mask the scenario (or an application bound to it) reads.
        const automatic = rows.filter((r) => r.status === 'APPROVED');
        if (automatic.length) {
          const after = mergeGrants(
            await currentGrants(ctx, scenario!.code),
            automatic.map((r) => ({ coordinate: r.coordinate })),
          );
          for (const problem of await maskInferenceProblems(ctx, { scenarioCode: scenario!.code, grants: after }, 'input.coordinates')) {
            const row = automatic.find((r) => r.coordinate === problem.revealedBy);
            if (row) Object.assign(row, { status: 'REFUSED', reason: `It would undo a mask: ${problem.reason}` });
          }
        }
        const approved = rows.filter((r) => r.status === 'APPROVED').map((r) => r.coordinate);
        // The owners the catalog names are registered departments in any real deployment; one missing
        // (a catalog ahead of the registry) is registered under its code, so the task is not lost.
        for (const owner of new Set(rows.map((r) => r.ownerCode))) {
          await ctx.prisma.department.upsert({ where: { code: owner }, update: {}, create: { code: owner, name: owner } });
        }
        const [request] = await ctx.prisma.$transaction([
          ctx.prisma.shareRequest.create({
            data: {
              id,
              scenarioCode: scenario!.code,
              departmentCode: department,
              applicationId: ctx.caller.app,
              submittedByScenario: ctx.caller.scenario,
              submittedBySubject: ctx.caller.subject,
              submittedByPerson: ctx.caller.person ?? null,
              submittedInRequest: ctx.caller.requestId,
              justification: input.justification.trim(),
              legalBasis: input.legalBasis.trim(),
              submittedAt,
            },
          }),
          ctx.prisma.shareRequestItem.createMany({ data: rows }),
          ...approved.map((coordinate) =>
            ctx.prisma.grant.upsert({
              where: { scenarioCode_coordinate: { scenarioCode: scenario!.code, coordinate } },
              create: { scenarioCode: scenario!.code, coordinate },
              update: {},
            }),
          ),
          ...(approved.length ? [ctx.prisma.scenario.update({ where: { code: scenario!.code }, data: nextScenarioVersion() })] : []),
        ]);
        return request;
      },
      decideShareItem: async (_, { id, input }, ctx) => {
        const item = isRecordId(id) ? await ctx.prisma.shareRequestItem.findUnique({ where: { id }, include: { request: true } }) : null;
        if (!item) throw notFound(`Share request item "${id}"`);
        const department = await callerDepartment(ctx);
        if (item.ownerCode !== department) throw forbidden(`${item.coordinate} is owned by ${item.ownerCode}; a reviewer of ${department} cannot decide it`);
        if (item.status !== 'PENDING') throw conflict(`This item was already ${item.status.toLowerCase()} at ${item.decidedAt!.toISOString()}`);
        const same = sameActor(item.request, ctx.caller);
        if (same) throw forbidden(`Four eyes: ${same}, so another reviewer of ${item.ownerCode} must decide ${item.coordinate}`, { rule: 'fourEyes' });
        requireNamedReviewer(ctx);
        const decidedAt = now();
        if (!input.approve && !input.reason?.trim()) throw badUserInput('input.reason', 'a refusal must give its reason');
        if (input.approve) {
          const scenarioCode = item.request.scenarioCode;
          const after = mergeGrants(await currentGrants(ctx, scenarioCode), [{ coordinate: item.coordinate }]);
          const undone = await maskInferenceProblems(ctx, { scenarioCode, grants: after }, 'id');
          if (undone.length) {
            throw conflict(
              `Approving ${item.coordinate} for scenario "${scenarioCode}" would undo a mask, so it must be refused: ${undone.map((p) => p.reason).join('; ')}`,
            );
          }
        }
        if (input.approve && input.grantExpiresAt && input.grantExpiresAt <= decidedAt) throw badUserInput('input.grantExpiresAt', 'is in the past');
        const decision = {
          status: input.approve ? ('APPROVED' as const) : ('REFUSED' as const),
          reason: input.reason?.trim() || null,
          decidedAt,
          decidedBy: ctx.caller.app,
          decidedByScenario: ctx.caller.scenario,
          decidedBySubject: ctx.caller.subject,
          decidedByPerson: ctx.caller.person ?? null,
          decidedInRequest: ctx.caller.requestId,
          answerWorkingDays: workingDaysBetween(item.request.submittedAt, decidedAt),
          late: !!item.dueOn && shanghaiDate(decidedAt) > item.dueOn.toISOString().slice(0, 10),
          grantExpiresAt: input.approve ? (input.grantExpiresAt ?? null) : null,
        };
        const scenarioCode = item.request.scenarioCode;
        const [updated] = await ctx.prisma.$transaction([
          // Only a still-pending item changes: two reviewers deciding at once cannot both win.
          ctx.prisma.shareRequestItem.update({ where: { id, status: 'PENDING' }, data: decision }),
          ...(input.approve
            ? [
                ctx.prisma.grant.upsert({
                  where: { scenarioCode_coordinate: { scenarioCode, coordinate: item.coordinate } },
                  create: { scenarioCode, coordinate: item.coordinate, expiresAt: decision.grantExpiresAt },
                  update: { expiresAt: decision.grantExpiresAt },
                }),
                ctx.prisma.scenario.update({ where: { code: scenarioCode }, data: nextScenarioVersion() }),
              ]
            : []),
        ]);
        return updated;
      },
    },
    ShareRequest: {
      scenario: (r, _, ctx) => loadRequired(ctx.loaders.scenarioByCode, r.scenarioCode, 'scenario'),
      department: (r, _, ctx) => loadRequired(ctx.loaders.departmentByCode, r.departmentCode, 'department'),
      items: async (r, _, ctx) => {
        const items = await ctx.loaders.itemsOfShareRequest.load(r.id);
        // A department's reviewer sees its own items of a request, not what the other owners were asked.
        const department = reviewingDepartment(ctx);
        return department ? items.filter((i) => i.ownerCode === department) : items;
      },
      submittedBy: (r) => ({
        applicationId: r.applicationId,
        scenarioCode: r.submittedByScenario,
        official: r.submittedBySubject,
        person: r.submittedByPerson,
        requestId: r.submittedInRequest,
      }),
    },
    ShareRequestItem: {
      request: (i, _, ctx) => loadRequired(ctx.loaders.shareRequestById, i.requestId, 'share request'),
      owner: (i, _, ctx) => loadRequired(ctx.loaders.departmentByCode, i.ownerCode, 'department'),
      overdue: (i) => isOverdue(i, shanghaiDate(now())),
      decidedBy: (i) =>
        i.decidedBy
          ? {
              applicationId: i.decidedBy,
              scenarioCode: i.decidedByScenario,
              official: i.decidedBySubject,
              person: i.decidedByPerson,
              requestId: i.decidedInRequest,
            }
          : null,
    },
    ShareActor: {
      application: (a, _, ctx) => (a.applicationId ? ctx.loaders.applicationById.load(a.applicationId) : null),
      scenario: (a, _, ctx) => (a.scenarioCode ? ctx.loaders.scenarioByCode.load(a.scenarioCode) : null),
    },
    DepartmentEvaluation: {
      department: (e, _, ctx) => loadRequired(ctx.loaders.departmentByCode, e.departmentCode, 'department'),
    },
    CatalogItem: {
      ownerCode: (i) => i.owner,
    },
    DepartmentResponsibility: {},
  };
}
