import { badUserInput } from '@civicgraph/errors';
import { parseIdNumber } from '@civicgraph/identifiers';
import type { Person, Prisma } from '@civicgraph/prisma/population';
import {
  accessLogOf,
  DateScalar,
  DateTimeScalar,
  findDisclosures,
  findPage,
  isRecordId,
  orAbsent,
  requireDistrictCode,
  requireFiltersReadable,
  prefixMatch,
  requireRecordId,
  requireSearchAllowed,
  requireValid,
  type FilterCaller,
  type FilterReads,
  disclosureChainStatus,
} from '@civicgraph/subgraph-kit';
import type { PersonFilter, Resolvers } from './generated/graphql';
import { personScope } from './rowRules';
import { residentStatistics } from './residentStatistics';
import { statisticsReleaseResolvers } from './statisticsReleases';

/** The field each people filter reads: filtering on it tells the value, so the scenario must be granted it. */
const PERSON_FILTER_READS: FilterReads<PersonFilter> = {
  residenceDistrictCode: 'Person.residenceDistrict',
  householdDistrictCode: 'Person.householdDistrict',
  birthDateFrom: 'Person.birthDate',
  birthDateTo: 'Person.birthDate',
  namePrefix: 'Person.name',
};

function personWhere(filter: PersonFilter | null | undefined, ctx: FilterCaller): Prisma.PersonWhereInput {
  if (!filter) return {};
  requireFiltersReadable(ctx, filter, PERSON_FILTER_READS);
  const where: Prisma.PersonWhereInput = {};
  if (filter.residenceDistrictCode != null) where.residenceDistrictCode = requireDistrictCode('filter.residenceDistrictCode', filter.residenceDistrictCode);
  if (filter.householdDistrictCode != null) where.householdDistrictCode = requireDistrictCode('filter.householdDistrictCode', filter.householdDistrictCode);
  if (filter.birthDateFrom || filter.birthDateTo) {
    if (filter.birthDateFrom && filter.birthDateTo && filter.birthDateFrom > filter.birthDateTo) {
      throw badUserInput('filter.birthDateFrom', 'must not be after filter.birthDateTo');
    }
    where.birthDate = { ...(filter.birthDateFrom ? { gte: filter.birthDateFrom } : {}), ...(filter.birthDateTo ? { lte: filter.birthDateTo } : {}) };
  }
  if (filter.namePrefix != null) where.name = prefixMatch('filter.namePrefix', filter.namePrefix, 64);
  return where;
}

const addressReference = (id: string | null) => (id ? { __typename: 'Address' as const, id } : null);

export const resolvers: Resolvers = {
  DateTime: DateTimeScalar,
  Date: DateScalar,
  Query: {
    ...statisticsReleaseResolvers.Query,
    populationDisclosureChain: (_, __, ctx) => disclosureChainStatus(ctx.db),
    populationDisclosures: async (_, args, ctx) => {
      const idNumber = args.filter?.entityType === 'Person' && args.filter.entityKey ? parseIdNumber(args.filter.entityKey) : undefined;
      if (!idNumber?.ok) return findDisclosures(ctx.prisma, args.filter, args);
      // A citizen named by ID number: their record's key, or one no record has (nothing was disclosed of them).
      const person = await ctx.prisma.person.findUnique({ where: { idNumber: idNumber.value.value }, select: { id: true } });
      return findDisclosures(ctx.prisma, { ...args.filter, entityKey: person?.id ?? idNumber.value.value }, args);
    },
    residentStatistics: (_, args, ctx) => residentStatistics(ctx.db, args.by, args.districtCode),
    person: (_, args, ctx) => orAbsent(ctx.loaders.personById.load(requireRecordId('id', args.id))),
    personByIdNumber: (_, args, ctx) => orAbsent(ctx.loaders.personByIdNumber.load(requireValid('idNumber', parseIdNumber(args.idNumber)).value)),
    people: (_, args, ctx) => {
      requireSearchAllowed(ctx.caller, 'Query.people', args.first);
      const where = { AND: [personWhere(args.filter, ctx), personScope(ctx.caller)] };
      return findPage(args, async ({ afterId, take }) => {
        const rows = await ctx.prisma.person.findMany({ where: afterId ? { AND: [where, { id: { gt: afterId } }] } : where, orderBy: { id: 'asc' }, take });
        // Nested fields that reach these people again are answered from the loader.
        for (const row of rows) ctx.loaders.personById.prime(row.id, row);
        return rows;
      });
    },
  },
  Mutation: statisticsReleaseResolvers.Mutation,
  StatisticsRelease: statisticsReleaseResolvers.StatisticsRelease,
  Person: {
    accessLog: (parent, args, ctx) => accessLogOf(ctx.prisma, 'Person', parent.id, args),
    __resolveReference: (ref, ctx) => (isRecordId(ref.id) ? ctx.loaders.personById.load(ref.id) : null),
    householdAddress: (p) => addressReference(p.householdAddressId),
    residenceAddress: (p) => addressReference(p.residenceAddressId),
    householdDistrict: (p) => ({ __typename: 'Division', code: p.householdDistrictCode }),
    residenceDistrict: (p) => ({ __typename: 'Division', code: p.residenceDistrictCode }),
    father: (p, _, ctx) => (p.fatherId ? orAbsent(ctx.loaders.personById.load(p.fatherId)) : null),
    mother: (p, _, ctx) => (p.motherId ? orAbsent(ctx.loaders.personById.load(p.motherId)) : null),
    parents: async (p, _, ctx) => {
      const ids = [p.fatherId, p.motherId].filter((id): id is string => !!id);
      return (await ctx.loaders.personById.loadMany(ids)).filter((row): row is Person => !!row && !(row instanceof Error));
    },
    children: (p, _, ctx) => ctx.loaders.childrenOf.load(p.id),
  },
};
