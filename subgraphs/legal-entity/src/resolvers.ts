import { badUserInput } from '@civicgraph/errors';
import { parseDivisionCode, parseUscc } from '@civicgraph/identifiers';
import type { EntityKind, EntityStatus, LegalEntity, Prisma } from '@civicgraph/prisma/legal-entity';
import { connectionOf, DateScalar, DecimalScalar, isRecordId, pageRequest, requireRecordId, requireValid } from '@civicgraph/subgraph-kit';
import type { LegalEntityContext } from './context';

interface LegalEntityFilterInput {
  districtCode?: string | null;
  namePrefix?: string | null;
  kind?: EntityKind | null;
  status?: EntityStatus | null;
  industryCode?: string | null;
}

function entityWhere(filter: LegalEntityFilterInput | null | undefined): Prisma.LegalEntityWhereInput {
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

export const resolvers = {
  Date: DateScalar,
  Decimal: DecimalScalar,
  Query: {
    legalEntity: (_: unknown, args: { id: string }, ctx: LegalEntityContext) => ctx.loaders.entityById.load(requireRecordId('id', args.id)),
    legalEntityByUscc: (_: unknown, args: { uscc: string }, ctx: LegalEntityContext) =>
      ctx.loaders.entityByUscc.load(requireValid('uscc', parseUscc(args.uscc)).value),
    legalEntities: async (_: unknown, args: { filter?: LegalEntityFilterInput; first?: number; after?: string }, ctx: LegalEntityContext) => {
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
    __resolveReference: (ref: { id: string }, ctx: LegalEntityContext) => (isRecordId(ref.id) ? ctx.loaders.entityById.load(ref.id) : null),
    legalRepresentative: (e: LegalEntity) => ({ __typename: 'Person', id: e.representativeId }),
    registeredAddress: (e: LegalEntity) => ({ __typename: 'Address', id: e.registeredAddressId }),
    district: (e: LegalEntity) => ({ __typename: 'Division', code: e.districtCode }),
  },
  Person: {
    representedEntities: (p: { id: string }, _: unknown, ctx: LegalEntityContext) =>
      isRecordId(p.id) ? ctx.loaders.entitiesByRepresentative.load(p.id) : [],
  },
};
