import type { RequestContextClaims } from '@civicgraph/policy';
import type { LegalEntity, Prisma } from '@civicgraph/prisma/legal-entity';
import type { RowRule } from '@civicgraph/subgraph-kit';

/** Under "self only", the entities the subject citizen represents; under "districts", those registered in one. */
export const entityRule: RowRule<LegalEntity> = (entity, { subject, constraints }) => {
  if (constraints.selfOnly && (!subject || entity.representativeIdNumber !== subject)) return 'selfOnly';
  if (constraints.districts && !constraints.districts.includes(entity.districtCode)) return 'districts';
  return null;
};

/** The same rule as a search filter. */
export function entityScope({ subject, constraints }: RequestContextClaims): Prisma.LegalEntityWhereInput {
  const scope: Prisma.LegalEntityWhereInput[] = [];
  if (constraints.selfOnly) scope.push({ representativeIdNumber: subject ?? '' });
  if (constraints.districts) scope.push({ districtCode: { in: constraints.districts } });
  return scope.length ? { AND: scope } : {};
}
