import { badUserInput } from '@civicgraph/errors';
import { parseDivisionCode, parseIdNumber } from '@civicgraph/identifiers';
import type { Person, Prisma } from '@civicgraph/prisma/population';
import { connectionOf, DateScalar, isRecordId, pageRequest, requireRecordId, requireValid } from '@civicgraph/subgraph-kit';
import type { PopulationContext } from './context';

interface PersonFilterInput {
  residenceDistrictCode?: string | null;
  householdDistrictCode?: string | null;
  birthDateFrom?: Date | null;
  birthDateTo?: Date | null;
  namePrefix?: string | null;
}

function districtCode(argument: string, value: string): string {
  const code = requireValid(argument, parseDivisionCode(value));
  if (code.level !== 'COUNTY') throw badUserInput(argument, 'must be a 6-digit district code, e.g. 310115');
  return code.value;
}

function personWhere(filter: PersonFilterInput | null | undefined): Prisma.PersonWhereInput {
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

const reference = (typename: string, id: string | null) => (id ? { __typename: typename, id } : null);

export const resolvers = {
  Date: DateScalar,
  Query: {
    person: (_: unknown, args: { id: string }, ctx: PopulationContext) => ctx.loaders.personById.load(requireRecordId('id', args.id)),
    personByIdNumber: (_: unknown, args: { idNumber: string }, ctx: PopulationContext) =>
      ctx.loaders.personByIdNumber.load(requireValid('idNumber', parseIdNumber(args.idNumber)).value),
    people: async (_: unknown, args: { filter?: PersonFilterInput; first?: number; after?: string }, ctx: PopulationContext) => {
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
    __resolveReference: (ref: { id: string }, ctx: PopulationContext) => (isRecordId(ref.id) ? ctx.loaders.personById.load(ref.id) : null),
    householdAddress: (p: Person) => reference('Address', p.householdAddressId),
    residenceAddress: (p: Person) => reference('Address', p.residenceAddressId),
    householdDistrict: (p: Person) => ({ __typename: 'Division', code: p.householdDistrictCode }),
    residenceDistrict: (p: Person) => ({ __typename: 'Division', code: p.residenceDistrictCode }),
    father: (p: Person, _: unknown, ctx: PopulationContext) => (p.fatherId ? ctx.loaders.personById.load(p.fatherId) : null),
    mother: (p: Person, _: unknown, ctx: PopulationContext) => (p.motherId ? ctx.loaders.personById.load(p.motherId) : null),
    parents: async (p: Person, _: unknown, ctx: PopulationContext) => {
      const ids = [p.fatherId, p.motherId].filter((id): id is string => !!id);
      return (await ctx.loaders.personById.loadMany(ids)).filter((row): row is Person => !!row && !(row instanceof Error));
    },
    children: (p: Person, _: unknown, ctx: PopulationContext) => ctx.loaders.childrenOf.load(p.id),
  },
};
