import type { RequestContextClaims } from '@civicgraph/policy';
import type { Person, Prisma } from '@civicgraph/prisma/population';
import type { RowRule } from '@civicgraph/subgraph-kit';

/**
 * Who a scenario may read: under "self only", the subject citizen alone (parents and children are other
 * citizens); under "districts", residents living or registered in one of them.
 */
export const personRule: RowRule<Person> = (person, { subject, constraints }) => {
  if (constraints.selfOnly && person.idNumber !== subject) return 'selfOnly';
  const { districts } = constraints;
  if (districts && !districts.includes(person.residenceDistrictCode) && !districts.includes(person.householdDistrictCode)) return 'districts';
  return null;
};

/** The same rule as a search filter, so a search never even reads a row outside it. */
export function personScope({ subject, constraints }: RequestContextClaims): Prisma.PersonWhereInput {
  const scope: Prisma.PersonWhereInput[] = [];
  // No subject: nothing matches (an empty ID number is never stored).
  if (constraints.selfOnly) scope.push({ idNumber: subject ?? '' });
  if (constraints.districts) {
    scope.push({ OR: [{ residenceDistrictCode: { in: constraints.districts } }, { householdDistrictCode: { in: constraints.districts } }] });
  }
  return scope.length ? { AND: scope } : {};
}
