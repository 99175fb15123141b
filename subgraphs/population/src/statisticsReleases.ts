import { randomUUID } from 'node:crypto';
import { attackerBounds, exactlyDisclosedSmallCells, PERSON_RULES, protectCube } from '@civicgraph/disclosure-control';
import { badUserInput, conflict, forbidden, notFound } from '@civicgraph/errors';
import type { Prisma } from '@civicgraph/prisma/population';
import { isRecordId, requireDistinct } from '@civicgraph/subgraph-kit';
import type { PopulationContext } from './context';
import type { ResidentBreakdown, Resolvers, StatisticsTable } from './generated/graphql';
import { inDistrict, readMicrocells, requireStatisticsDistrict, residentDimensions, statisticsLevels, statisticsTable } from './residentStatistics';

/** The department that owns this database and reviews what leaves it below the default rules. */
const OWNER = 'SH-PSB';
/** The lowest threshold a sandbox may ask for: a cell of one or two residents is never released. */
const MIN_THRESHOLD = 3;
/** Tables one application may have waiting for review: each costs the owner a cube and its attack, and a reviewer's time. */
export const MAX_HELD_PER_APPLICATION = 10;

/** Only this owner's reviewers see and decide held releases. */
function requireReviewer(ctx: PopulationContext): void {
  if (ctx.caller.department !== OWNER) throw forbidden(`Statistics releases are reviewed by ${OWNER}; ${ctx.caller.department} cannot review them`);
}

/**
 * The sandbox's output queue (数据沙箱): a table below the default threshold is computed and held, with what
 * it would reveal — the published cells counting fewer residents than the default, and the small cells an
 * attacker holding every table of that cube would pin exactly — until a reviewer of the owner releases it
 * to the application that asked, or refuses it.
 */
export const statisticsReleaseResolvers: Resolvers = {
  Query: {
    statisticsRelease: async (_, { id }, ctx) => {
      const release = isRecordId(id) ? await ctx.prisma.statisticsRelease.findUnique({ where: { id } }) : null;
      // Another application's release does not exist for this one.
      return release && (release.requestedBy === ctx.caller.app || ctx.caller.department === OWNER) ? release : null;
    },
    statisticsReleaseQueue: async (_, __, ctx) => {
      requireReviewer(ctx);
      return ctx.prisma.statisticsRelease.findMany({ where: { status: 'HELD' }, orderBy: [{ requestedAt: 'asc' }, { id: 'asc' }] });
    },
  },
  Mutation: {
    requestStatisticsRelease: async (_, { by, districtCode, threshold }, ctx) => {
      requireDistinct('by', by);
      const district = requireStatisticsDistrict(districtCode);
      if (!Number.isInteger(threshold) || threshold < MIN_THRESHOLD || threshold >= PERSON_RULES.threshold)
        throw badUserInput('threshold', `must be ${MIN_THRESHOLD}–${PERSON_RULES.threshold - 1}: the open API answers at ${PERSON_RULES.threshold} and above`);
      const waiting = await ctx.prisma.statisticsRelease.count({ where: { requestedBy: ctx.caller.app, status: 'HELD' } });
      if (waiting >= MAX_HELD_PER_APPLICATION) throw conflict(`${waiting} tables of this application are waiting for review: ask again once some are decided`);
      const rules = { ...PERSON_RULES, threshold };
      const { dimensions } = residentDimensions();
      const cube = protectCube(dimensions, await readMicrocells(ctx.db), rules);
      const table = statisticsTable(cube, by, district);
      const whole = cube.table(['TOWNSHIP', 'AGE_BAND', 'GENDER']);
      const shown = cube.table(statisticsLevels(by, district)).filter((c) => !district || inDistrict(c.values[0]!, district));
      const cellsBelowDefault = shown.filter((c) => c.count !== null && cube.trueCount(c.values)! < PERSON_RULES.threshold).length;
      const exactlyDisclosed = exactlyDisclosedSmallCells(attackerBounds(dimensions, whole, rules), cube.trueCount, rules).length;
      return ctx.prisma.statisticsRelease.create({
        data: {
          id: randomUUID(),
          requestedAt: new Date(),
          requestedBy: ctx.caller.app,
          scenario: ctx.caller.scenario,
          requestedInRequest: ctx.caller.requestId,
          breakdown: [...by],
          districtCode: district ?? null,
          threshold,
          content: table as unknown as Prisma.InputJsonValue,
          cellsBelowDefault,
          exactlyDisclosed,
        },
      });
    },
    decideStatisticsRelease: async (_, { id, release, reason }, ctx) => {
      requireReviewer(ctx);
      const held = isRecordId(id) ? await ctx.prisma.statisticsRelease.findUnique({ where: { id } }) : null;
      if (!held) throw notFound(`Statistics release "${id}"`);
      if (held.status !== 'HELD') throw conflict(`This release was already ${held.status.toLowerCase()}`);
      if (held.requestedBy === ctx.caller.app) throw forbidden('Four eyes: the application that asked cannot release its own table', { rule: 'fourEyes' });
      if (!ctx.caller.subject && !ctx.caller.person)
        throw forbidden('A decision names the official who makes it: send their X-Subject-Token with the call', { rule: 'namedReviewer' });
      if (!release && !reason?.trim()) throw badUserInput('reason', 'a refusal must give its reason');
      return ctx.prisma.statisticsRelease.update({
        // Only a still-held release changes: two reviewers deciding at once cannot both win.
        where: { id, status: 'HELD' },
        data: {
          status: release ? 'RELEASED' : 'REFUSED',
          reason: reason?.trim() || null,
          decidedAt: new Date(),
          decidedBy: ctx.caller.app,
          decidedBySubject: ctx.caller.subject,
          decidedByPerson: ctx.caller.person ?? null,
        },
      });
    },
  },
  StatisticsRelease: {
    breakdown: (r) => r.breakdown as ResidentBreakdown[],
    // The table leaves only once released, and only to the application that asked.
    table: (r, _, ctx) => (r.status === 'RELEASED' && r.requestedBy === ctx.caller.app ? (r.content as unknown as StatisticsTable) : null),
  },
};
