import { badUserInput } from '@civicgraph/errors';
import { parseUscc } from '@civicgraph/identifiers';
import type { Prisma } from '@civicgraph/prisma/legal-entity';
import {
  accessLogOf,
  DateScalar,
  DateTimeScalar,
  DecimalScalar,
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
import type { LegalEntityFilter, Resolvers } from './generated/graphql';
import { entityScope } from './rowRules';
import { entityStatistics } from './entityStatistics';

/** The field each entity filter reads: filtering on it tells the value, so the scenario must be granted it. */
const ENTITY_FILTER_READS: FilterReads<LegalEntityFilter> = {
  districtCode: 'LegalEntity.district',
  namePrefix: 'LegalEntity.name',
  kind: 'LegalEntity.kind',
  status: 'LegalEntity.status',
  industryCode: 'LegalEntity.industryCode',
};

function entityWhere(filter: LegalEntityFilter | null | undefined, ctx: FilterCaller): Prisma.LegalEntityWhereInput {
  if (!filter) return {};
  requireFiltersReadable(ctx, filter, ENTITY_FILTER_READS);
  const where: Prisma.LegalEntityWhereInput = {};
  if (filter.districtCode != null) where.districtCode = requireDistrictCode('filter.districtCode', filter.districtCode);
  if (filter.namePrefix != null) where.name = prefixMatch('filter.namePrefix', filter.namePrefix, 128);
  if (filter.kind != null) where.kind = filter.kind;
  if (filter.status != null) where.status = filter.status;
  if (filter.industryCode != null) {
    if (!/^[A-T]\d{2,4}$/.test(filter.industryCode))
      throw badUserInput('filter.industryCode', 'must be a GB/T 4754 code: a section letter and 2–4 digits, e.g. I6510');
    where.industryCode = filter.industryCode;
  }
  return where;
}

export const resolvers: Resolvers = {
  DateTime: DateTimeScalar,
  Date: DateScalar,
  Decimal: DecimalScalar,
  Query: {
    entityStatistics: (_, { by }, ctx) => entityStatistics(ctx.db, by),
    legalEntityDisclosureChain: (_, __, ctx) => disclosureChainStatus(ctx.db),
    legalEntityDisclosures: (_, args, ctx) => findDisclosures(ctx.prisma, args.filter, args),
    legalEntity: (_, args, ctx) => orAbsent(ctx.loaders.entityById.load(requireRecordId('id', args.id))),
    legalEntityByUscc: (_, args, ctx) => orAbsent(ctx.loaders.entityByUscc.load(requireValid('uscc', parseUscc(args.uscc)).value)),
    legalEntities: (_, args, ctx) => {
      requireSearchAllowed(ctx.caller, 'Query.legalEntities', args.first);
      const where = { AND: [entityWhere(args.filter, ctx), entityScope(ctx.caller)] };
      return findPage(args, async ({ afterId, take }) => {
        const rows = await ctx.prisma.legalEntity.findMany({
          where: afterId ? { AND: [where, { id: { gt: afterId } }] } : where,
          orderBy: { id: 'asc' },
          take,
        });
        for (const row of rows) ctx.loaders.entityById.prime(row.id, row);
        return rows;
      });
    },
  },
  LegalEntity: {
    accessLog: (parent, args, ctx) => accessLogOf(ctx.prisma, 'LegalEntity', parent.id, args),
    __resolveReference: (ref, ctx) => (isRecordId(ref.id) ? ctx.loaders.entityById.load(ref.id) : null),
    legalRepresentative: (e) => ({ __typename: 'Person', id: e.representativeId }),
    registeredAddress: (e) => ({ __typename: 'Address', id: e.registeredAddressId }),
    district: (e) => ({ __typename: 'Division', code: e.districtCode }),
  },
  Person: {
    representedEntities: (p, _, ctx) => (isRecordId(p.id) ? ctx.loaders.entitiesByRepresentative.load(p.id) : []),
  },
};
