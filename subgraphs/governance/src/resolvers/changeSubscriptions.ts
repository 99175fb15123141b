import { randomUUID } from 'node:crypto';
import { FEED_ENTITIES, generateWebhookSecret, type FeedOwner } from '@civicgraph/change-feeds';
import { badUserInputs, conflict, notFound, type InputProblem } from '@civicgraph/errors';
import { isGrantInForce, OPEN_SCENARIO, parseRowConstraints } from '@civicgraph/policy';
import type { ChangeSubscription } from '@civicgraph/prisma/governance';
import { isRecordId } from '@civicgraph/subgraph-kit';
import type { GovernanceContext } from '../context';
import type { ChangeOwner, ChangeSubscriptionInput, Resolvers } from '../generated/graphql';
import { ADMIN_SCENARIO, neverGranted } from '../rules';

const OWNERS: Readonly<Record<ChangeOwner, FeedOwner>> = { POPULATION: 'population', LEGAL_ENTITY: 'legal-entity', E_LICENSE: 'e-license' };
const OWNER_ENUM = Object.fromEntries(Object.entries(OWNERS).map(([e, o]) => [o, e])) as Record<FeedOwner, ChangeOwner>;
/** Subscriptions one application may hold (cancelled ones aside): each costs a re-read per change. */
const MAX_SUBSCRIPTIONS_PER_APPLICATION = 20;
const MAX_REPLAY = 1_000;
/** How long a rotated secret keeps signing beside the new one. */
const SECRET_OVERLAP_MS = 24 * 3_600_000;
const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]']);

/** The subscription if the caller may see and manage it (its own application's, under the scenario it calls with; any for an administrator), else null. */
async function visibleSubscription(ctx: GovernanceContext, id: string): Promise<ChangeSubscription | null> {
  const subscription = isRecordId(id) ? await ctx.prisma.changeSubscription.findUnique({ where: { id } }) : null;
  const mine = subscription && subscription.applicationId === ctx.caller.app && subscription.scenarioCode === ctx.caller.scenario;
  return subscription && (mine || ctx.caller.scenario === ADMIN_SCENARIO) ? subscription : null;
}

/** A subscription the caller may manage, or NOT_FOUND — another application's is as absent as one that does not exist. */
async function ownSubscription(ctx: GovernanceContext, id: string): Promise<ChangeSubscription> {
  const subscription = await visibleSubscription(ctx, id);
  if (!subscription) throw notFound(`Change subscription "${id}"`);
  return subscription;
}

/** What is wrong with a subscription request under the caller's scenario as it stands now. */
async function subscriptionProblems(ctx: GovernanceContext, input: ChangeSubscriptionInput, now: Date): Promise<InputProblem[]> {
  const problems: InputProblem[] = [];
  const owner = OWNERS[input.owner];
  const entities = FEED_ENTITIES.filter((e) => e.owner === owner);
  const scenario = await ctx.prisma.scenario.findUnique({ where: { code: ctx.caller.scenario }, include: { grants: true } });
  const grants = new Map((scenario?.grants ?? []).map((g) => [g.coordinate, g]));
  const granted = (coordinate: string) => isGrantInForce(grants.get(coordinate), now, neverGranted());
  if (!input.entityTypes.length) problems.push({ argument: 'input.entityTypes', reason: `name at least one of ${entities.map((e) => e.type).join(', ')}` });
  for (const type of new Set(input.entityTypes)) {
    const entity = entities.find((e) => e.type === type);
    if (!entity) problems.push({ argument: 'input.entityTypes', reason: `${input.owner} feeds ${entities.map((e) => e.type).join(', ')}, not "${type}"` });
    else if (!granted(`Query.${entity.root.field}`) || !granted(`${type}.${entity.keyField}`))
      problems.push({
        argument: 'input.entityTypes',
        reason: `scenario "${ctx.caller.scenario}" cannot read ${type} (it needs Query.${entity.root.field} and ${type}.${entity.keyField}): its events would never be delivered`,
      });
  }
  if (input.operations && !input.operations.length) problems.push({ argument: 'input.operations', reason: 'name at least one operation' });
  if (scenario && parseRowConstraints(scenario.constraints ?? {}).selfOnly)
    problems.push({
      argument: 'input',
      reason: `scenario "${scenario.code}" reads only a citizen's own records, with the citizen present: it takes no change feeds`,
    });
  if (ctx.caller.scenario === OPEN_SCENARIO) problems.push({ argument: 'input', reason: 'the open API takes no change feeds' });
  if (input.delivery === 'WEBHOOK') {
    const url = URL.canParse(input.endpoint ?? '') ? new URL(input.endpoint!) : null;
    if (!url) problems.push({ argument: 'input.endpoint', reason: 'a webhook needs an absolute https URL' });
    else if (input.endpoint!.length > 2_048) problems.push({ argument: 'input.endpoint', reason: 'at most 2,048 characters' });
    else if (url.username || url.password)
      problems.push({ argument: 'input.endpoint', reason: 'the URL carries no credentials: verify the signatures instead' });
    else if (url.protocol !== 'https:' && !(url.protocol === 'http:' && LOOPBACK.has(url.hostname)))
      problems.push({ argument: 'input.endpoint', reason: 'must be https (plain http only to this machine)' });
  } else if (input.endpoint) problems.push({ argument: 'input.endpoint', reason: 'a stream has no endpoint: read it from /feeds/<id>/events' });
  return problems;
}

/**
 * Change feeds (主动共享): an application subscribes under the scenario it calls with; the dispatcher
 * (`@civicgraph/change-feeds`, run by the platform) delivers while the scenario is in force, re-reading every
 * event under it. Here: subscribing, cancelling, rotating the secret, replaying, reactivating, and what was given up.
 */
export function changeSubscriptionResolvers(now: () => Date = () => new Date()): Resolvers {
  return {
    Query: {
      changeSubscriptions: (_, __, ctx) =>
        ctx.prisma.changeSubscription.findMany({
          where: ctx.caller.scenario === ADMIN_SCENARIO ? {} : { applicationId: ctx.caller.app, scenarioCode: ctx.caller.scenario },
          orderBy: [{ createdAt: 'desc' }, { id: 'asc' }],
          take: 500,
        }),
      changeSubscription: (_, { id }, ctx) => visibleSubscription(ctx, id),
    },
    Mutation: {
      subscribeToChanges: async (_, { input }, ctx) => {
        const problems = await subscriptionProblems(ctx, input, now());
        if (problems.length) throw badUserInputs(problems);
        const held = await ctx.prisma.changeSubscription.count({ where: { applicationId: ctx.caller.app, status: { not: 'CANCELLED' } } });
        if (held >= MAX_SUBSCRIPTIONS_PER_APPLICATION) throw conflict(`The application holds ${held} change subscriptions: cancel one first`);
        const owner = OWNERS[input.owner];
        const types = [...new Set(input.entityTypes)];
        const personal = FEED_ENTITIES.some((e) => types.includes(e.type) && e.personal);
        const secret = generateWebhookSecret();
        const subscription = await ctx.prisma.changeSubscription.create({
          data: {
            id: randomUUID(),
            applicationId: ctx.caller.app!,
            scenarioCode: ctx.caller.scenario,
            owner,
            entityTypes: types,
            operations: [...new Set(input.operations ?? ['CREATED', 'UPDATED'])],
            delivery: input.delivery,
            endpoint: input.delivery === 'WEBHOOK' ? input.endpoint! : null,
            payload: input.payload ?? (personal ? 'THIN' : 'FULL'),
            secret,
            createdAt: now(),
            createdBy: ctx.caller.person ?? null,
          },
        });
        return { subscription, secret };
      },
      cancelChangeSubscription: async (_, { id }, ctx) => {
        await ownSubscription(ctx, id);
        return ctx.prisma.changeSubscription.update({ where: { id }, data: { status: 'CANCELLED', statusReason: `Cancelled at ${now().toISOString()}` } });
      },
      rotateChangeSubscriptionSecret: async (_, { id }, ctx) => {
        const current = await ownSubscription(ctx, id);
        if (current.status === 'CANCELLED') throw conflict('The subscription is cancelled');
        const secret = generateWebhookSecret();
        const subscription = await ctx.prisma.changeSubscription.update({
          where: { id },
          data: { secret, previousSecret: current.secret, previousSecretUntil: new Date(now().getTime() + SECRET_OVERLAP_MS) },
        });
        return { subscription, secret };
      },
      replayChanges: async (_, { id, fromSequence, toSequence }, ctx) => {
        const subscription = await ownSubscription(ctx, id);
        const last = Number(subscription.nextSequence) - 1;
        const problems: InputProblem[] = [];
        if (fromSequence < 1 || fromSequence > last) problems.push({ argument: 'fromSequence', reason: `must be an event's number, 1 to ${last}` });
        if (toSequence < fromSequence || toSequence > last) problems.push({ argument: 'toSequence', reason: `must be from fromSequence to ${last}` });
        else if (toSequence - fromSequence >= MAX_REPLAY) problems.push({ argument: 'toSequence', reason: `a replay sends at most ${MAX_REPLAY} events` });
        if (problems.length) throw badUserInputs(problems);
        const { count } = await ctx.prisma.changeEvent.updateMany({
          where: { subscriptionId: id, sequence: { gte: fromSequence, lte: toSequence }, status: { in: ['DELIVERED', 'DEAD'] } },
          data: { replay: true },
        });
        return count;
      },
      reactivateChangeSubscription: async (_, { id }, ctx) => {
        const subscription = await ownSubscription(ctx, id);
        if (subscription.status !== 'DISABLED') throw conflict(`The subscription is ${subscription.status.toLowerCase()}, not disabled`);
        return ctx.prisma.changeSubscription.update({ where: { id }, data: { status: 'ACTIVE', statusReason: null } });
      },
    },
    ChangeSubscription: {
      owner: (s) => OWNER_ENUM[s.owner as FeedOwner],
      operations: (s) => s.operations as ('CREATED' | 'UPDATED')[],
      delivery: (s) => s.delivery as 'WEBHOOK' | 'STREAM',
      payload: (s) => s.payload as 'THIN' | 'FULL',
      status: (s) => s.status as 'ACTIVE' | 'DISABLED' | 'CANCELLED',
      streamPath: (s) => (s.delivery === 'STREAM' ? `/feeds/${s.id}/events` : null),
      nextSequence: (s) => Number(s.nextSequence),
      deadLetters: (s, _, ctx) => ctx.prisma.changeEvent.findMany({ where: { subscriptionId: s.id, status: 'DEAD' }, orderBy: { sequence: 'asc' }, take: 100 }),
    },
    ChangeEventRecord: {
      sequence: (e) => Number(e.sequence),
      key: (e) => e.entityKey,
      operation: (e) => e.operation as 'CREATED' | 'UPDATED',
      status: (e) => e.status as 'PENDING' | 'DELIVERED' | 'DEAD' | 'WITHHELD',
      lastError: async (e, _, ctx) =>
        (
          await ctx.prisma.changeAttempt.findFirst({
            where: { subscriptionId: e.subscriptionId, sequence: e.sequence },
            orderBy: { id: 'desc' },
            select: { error: true, httpStatus: true },
          })
        )?.error ?? null,
    },
  };
}
