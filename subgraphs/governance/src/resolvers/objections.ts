import { randomUUID } from 'node:crypto';
import { conflict, forbidden, notFound } from '@civicgraph/errors';
import { isGrantInForce } from '@civicgraph/policy';
import type { Objection } from '@civicgraph/prisma/governance';
import type { CatalogItem } from '@civicgraph/schema';
import { isRecordId, loadRequired } from '@civicgraph/subgraph-kit';
import type { GovernanceContext } from '../context';
import { callerDepartment } from './callerDepartment';
import type { Resolvers } from '../generated/graphql';
import { Problems } from '../problems';
import { ADMIN_SCENARIO, isGovernanceCoordinate, isPastDue, neverGranted, objectionDueOn, shanghaiDate, workingDaysBetween } from '../rules';

const REASON_LIMIT = 2_000;
const VALUE_LIMIT = 500;
const RECORD_ID_LIMIT = 128;

/** Pending past its due date, on `today` (YYYY-MM-DD, Shanghai). */
export function isObjectionOverdue(objection: Pick<Objection, 'status' | 'dueOn'>, today: string): boolean {
  return objection.status === 'PENDING' && isPastDue(objection.dueOn, today);
}

/**
 * Objections (数据异议): the data's users dispute one record's value; the owner answers within working
 * days and the objector sees the outcome. Each step names the application, scenario, official and request,
 * like share requests, so the request log holds the rest.
 */
export function objectionResolvers(
  catalog: ReadonlyMap<string, CatalogItem>,
  now: () => Date = () => new Date(),
): Pick<Resolvers, 'Query' | 'Mutation' | 'Objection'> {
  const negative = neverGranted();

  async function visible(ctx: GovernanceContext, id: string): Promise<Objection | null> {
    const objection = isRecordId(id) ? await ctx.prisma.objection.findUnique({ where: { id } }) : null;
    if (!objection) return null;
    if (ctx.caller.scenario === ADMIN_SCENARIO) return objection;
    const department = await callerDepartment(ctx);
    return objection.ownerCode === department || objection.raisedByDepartment === department ? objection : null;
  }

  return {
    Query: {
      raisedObjections: async (_, __, ctx) =>
        ctx.prisma.objection.findMany({ where: { raisedByDepartment: await callerDepartment(ctx) }, orderBy: [{ raisedAt: 'desc' }, { id: 'asc' }] }),
      objectionQueue: async (_, __, ctx) =>
        ctx.prisma.objection.findMany({ where: { ownerCode: await callerDepartment(ctx), status: 'PENDING' }, orderBy: [{ dueOn: 'asc' }, { id: 'asc' }] }),
      objections: (_, { status }, ctx) => {
        if (ctx.caller.scenario !== ADMIN_SCENARIO)
          throw forbidden('Every objection is for administrators; departments read raisedObjections and objectionQueue');
        return ctx.prisma.objection.findMany({ where: status ? { status } : {}, orderBy: [{ raisedAt: 'desc' }, { id: 'asc' }] });
      },
      objection: (_, { id }, ctx) => visible(ctx, id),
    },
    Mutation: {
      raiseObjection: async (_, { input }, ctx) => {
        const department = await callerDepartment(ctx);
        const problems = new Problems();
        const item = catalog.get(input.coordinate);
        const [typeName] = input.coordinate.split('.');
        if (!item || typeName === 'Query' || typeName === 'Mutation' || isGovernanceCoordinate(input.coordinate))
          problems.add('input.coordinate', `${input.coordinate} is not a data item of a record in the catalog`);
        problems.text('input.reason', input.reason, REASON_LIMIT);
        if (!input.recordId.trim() || input.recordId.length > RECORD_ID_LIMIT)
          problems.add('input.recordId', `must be a record id of 1–${RECORD_ID_LIMIT} characters`);
        const proposedValue = input.proposedValue?.trim() || null;
        problems.text('input.proposedValue', proposedValue, VALUE_LIMIT);
        problems.throwIfAny();
        // Only a reader may object: the scenario the call is made under holds the item now.
        const at = now();
        const grant = ctx.caller.scenario
          ? await ctx.prisma.grant.findUnique({ where: { scenarioCode_coordinate: { scenarioCode: ctx.caller.scenario, coordinate: input.coordinate } } })
          : null;
        if (!isGrantInForce(grant ?? undefined, at, negative))
          throw forbidden(`Scenario "${ctx.caller.scenario}" holds no grant in force for ${input.coordinate}: only its readers may object to its values`);
        return ctx.prisma.objection.create({
          data: {
            id: randomUUID(),
            coordinate: input.coordinate,
            ownerCode: item!.owner,
            recordId: input.recordId,
            reason: input.reason.trim(),
            proposedValue,
            raisedBy: ctx.caller.app,
            raisedByDepartment: department,
            raisedByScenario: ctx.caller.scenario,
            raisedBySubject: ctx.caller.subject,
            raisedByPerson: ctx.caller.person ?? null,
            raisedInRequest: ctx.caller.requestId,
            raisedAt: at,
            dueOn: new Date(`${objectionDueOn(at)}T00:00:00Z`),
          },
        });
      },
      answerObjection: async (_, { id, input }, ctx) => {
        const objection = await visible(ctx, id);
        if (!objection) throw notFound(`Objection "${id}"`);
        const department = await callerDepartment(ctx);
        if (objection.ownerCode !== department) throw forbidden(`Objection "${id}" is ${objection.ownerCode}'s to answer, as the item's owner`);
        // Four eyes, as for share requests: neither the application nor the official that objected answers.
        if (objection.raisedBy === ctx.caller.app) throw forbidden('Your application raised this objection; another reviewer of the owner answers it');
        if (
          (objection.raisedBySubject && objection.raisedBySubject === ctx.caller.subject) ||
          (objection.raisedByPerson && objection.raisedByPerson === ctx.caller.person)
        )
          throw forbidden('You raised this objection; another reviewer of the owner answers it');
        if (objection.status !== 'PENDING') throw conflict(`Objection "${id}" was already answered (${objection.status})`);
        const problems = new Problems();
        problems.text('input.reason', input.reason, REASON_LIMIT);
        problems.throwIfAny();
        const answer = input.reason.trim();
        const at = now();
        const { count } = await ctx.prisma.objection.updateMany({
          where: { id, status: 'PENDING' },
          data: {
            status: input.decision,
            answer,
            answeredAt: at,
            answeredBy: ctx.caller.app,
            answeredByScenario: ctx.caller.scenario,
            answeredBySubject: ctx.caller.subject,
            answeredByPerson: ctx.caller.person ?? null,
            answeredInRequest: ctx.caller.requestId,
            answerWorkingDays: workingDaysBetween(objection.raisedAt, at),
            late: isPastDue(objection.dueOn, shanghaiDate(at)),
          },
        });
        if (count !== 1) throw conflict(`Objection "${id}" was answered while this answer was made`);
        return (await ctx.prisma.objection.findUnique({ where: { id } }))!;
      },
    },
    Objection: {
      owner: (o, _, ctx) => loadRequired(ctx.loaders.departmentByCode, o.ownerCode, 'department'),
      raisedByDepartment: (o, _, ctx) => loadRequired(ctx.loaders.departmentByCode, o.raisedByDepartment, 'department'),
      overdue: (o) => isObjectionOverdue(o, shanghaiDate(now())),
    },
  };
}
