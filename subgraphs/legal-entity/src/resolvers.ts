import { badUserInput } from '@civicgraph/errors';
import { parseDivisionCode, parseUscc } from '@civicgraph/identifiers';
import type { Prisma } from '@civicgraph/prisma/legal-entity';
import { connectionOf, DateScalar, DecimalScalar, isRecordId, pageRequest, requireRecordId, requireValid } from '@civicgraph/subgraph-kit';
import type { LegalEntityFilter, Resolvers } from './generated/graphql';

function entityWhere(filter: LegalEntityFilter | null | undefined): Prisma.LegalEntityWhereInput {
  if (!filter) return {};
  const where: Prisma.LegalEntityWhereInput = {};
  if (filter.districtCode != null) {
    const code = requireValid('filter.districtCode', parseDivisionCode(filter.districtCode));
    if (code.level !== 'COUNTY') throw badUserInput('filter.districtCode', 'must be a 6-digit district code, e.g. 310115');
    where.districtCode = code.value;
  }
  if (filter.namePrefix != null) {
    const prefix = filter.namePrefix.trim();
    if (prefix.length < 1 || prefix.length > 128) throw badUserInput('filter.namePrefix', 'must be 1–128 characters');
    where.name = { startsWith: prefix };
  }
  if (filter.kind != null) where.kind = filter.kind;
  if (filter.status != null) where.status = filter.status;
  if (filter.industryCode != null) {
    if (!/^[A-T]\d{2,4}$/.test(filter.industryCode)) throw badUserInput('filter.industryCode', 'must be a GB/T 4754 code: a section letter and 2–4 digits, e.g. I6510');
    where.industryCode = filter.industryCode;
  }
  return where;
}

export const resolvers: Resolvers = {
  Date: DateScalar,
  Decimal: DecimalScalar,
  Query: {
    legalEntity: (_, args, ctx) => ctx.loaders.entityById.load(requireRecordId('id', args.id)),
    legalEntityByUscc: (_, args, ctx) =>
      ctx.loaders.entityByUscc.load(requireValid('uscc', parseUscc(args.uscc)).value),
    legalEntities: async (_, args, ctx) => {
      const page = pageRequest(args.first, args.after);
      const where = entityWhere(args.filter);
      const rows = await ctx.prisma.legalEntity.findMany({
        where: page.afterId ? { AND: [where, { id: { gt: page.afterId } }] } : where,
        orderBy: { id: 'asc' },
        take: page.first + 1,
      });
      for (const row of rows) ctx.loaders.entityById.prime(row.id, row);
      return connectionOf(rows, page.first);
    },
  },
  LegalEntity: {
    __resolveReference: (ref, ctx) => (isRecordId(ref.id) ? ctx.loaders.entityById.load(ref.id) : null),
    legalRepresentative: (e) => ({ __typename: 'Person', id: e.representativeId }),
    registeredAddress: (e) => ({ __typename: 'Address', id: e.registeredAddressId }),
    district: (e) => ({ __typename: 'Division', code: e.districtCode }),
  },
  Person: {
    representedEntities: (p, _, ctx) =>
      isRecordId(p.id) ? ctx.loaders.entitiesByRepresentative.load(p.id) : [],
  },
};
