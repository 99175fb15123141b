import { badUserInput } from '@civicgraph/errors';
import { parseDivisionCode, parseIdNumber } from '@civicgraph/identifiers';
import type { Person, Prisma } from '@civicgraph/prisma/population';
import { connectionOf, DateScalar, isRecordId, pageRequest, requireRecordId, requireValid } from '@civicgraph/subgraph-kit';
import type { PersonFilter, Resolvers } from './generated/graphql';

function districtCode(argument: string, value: string): string {
  const code = requireValid(argument, parseDivisionCode(value));
  if (code.level !== 'COUNTY') throw badUserInput(argument, 'must be a 6-digit district code, e.g. 310115');
  return code.value;
}

function personWhere(filter: PersonFilter | null | undefined): Prisma.PersonWhereInput {
  if (!filter) return {};
  const where: Prisma.PersonWhereInput = {};
  if (filter.residenceDistrictCode != null) where.residenceDistrictCode = districtCode('filter.residenceDistrictCode', filter.residenceDistrictCode);
  if (filter.householdDistrictCode != null) where.householdDistrictCode = districtCode('filter.householdDistrictCode', filter.householdDistrictCode);
  if (filter.birthDateFrom || filter.birthDateTo) {
    if (filter.birthDateFrom && filter.birthDateTo && filter.birthDateFrom > filter.birthDateTo) {
      throw badUserInput('filter.birthDateFrom', 'must not be after filter.birthDateTo');
    }
    where.birthDate = { ...(filter.birthDateFrom ? { gte: filter.birthDateFrom } : {}), ...(filter.birthDateTo ? { lte: filter.birthDateTo } : {}) };
  }
  if (filter.namePrefix != null) {
    const prefix = filter.namePrefix.trim();
    if (prefix.length < 1 || prefix.length > 64) throw badUserInput('filter.namePrefix', 'must be 1–64 characters');
    where.name = { startsWith: prefix };
  }
  return where;
}

const addressReference = (id: string | null) => (id ? { __typename: 'Address' as const, id } : null);

export const resolvers: Resolvers = {
  Date: DateScalar,
  Query: {
    person: (_, args, ctx) => ctx.loaders.personById.load(requireRecordId('id', args.id)),
    personByIdNumber: (_, args, ctx) =>
      ctx.loaders.personByIdNumber.load(requireValid('idNumber', parseIdNumber(args.idNumber)).value),
    people: async (_, args, ctx) => {
      const page = pageRequest(args.first, args.after);
      const where = personWhere(args.filter);
      const rows = await ctx.prisma.person.findMany({
        where: page.afterId ? { AND: [where, { id: { gt: page.afterId } }] } : where,
        orderBy: { id: 'asc' },
        take: page.first + 1,
      });
      // Later pages reuse the same rows through the loader when a nested field asks for them.
      for (const row of rows) ctx.loaders.personById.prime(row.id, row);
      return connectionOf(rows, page.first);
    },
  },
  Person: {
    __resolveReference: (ref, ctx) => (isRecordId(ref.id) ? ctx.loaders.personById.load(ref.id) : null),
    householdAddress: (p) => addressReference(p.householdAddressId),
    residenceAddress: (p) => addressReference(p.residenceAddressId),
    householdDistrict: (p) => ({ __typename: 'Division', code: p.householdDistrictCode }),
    residenceDistrict: (p) => ({ __typename: 'Division', code: p.residenceDistrictCode }),
    father: (p, _, ctx) => (p.fatherId ? ctx.loaders.personById.load(p.fatherId) : null),
    mother: (p, _, ctx) => (p.motherId ? ctx.loaders.personById.load(p.motherId) : null),
    parents: async (p, _, ctx) => {
      const ids = [p.fatherId, p.motherId].filter((id): id is string => !!id);
      return (await ctx.loaders.personById.loadMany(ids)).filter((row): row is Person => !!row && !(row instanceof Error));
    },
    children: (p, _, ctx) => ctx.loaders.childrenOf.load(p.id),
  },
};
