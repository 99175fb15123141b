import DataLoader from 'dataloader';
import type { Queryable } from '@civicgraph/db';
import type { Person } from '@civicgraph/prisma/population';
import type { RequestContextClaims } from '@civicgraph/policy';
import { column as c, createKeyLoader, dateColumn, groupBy, rowGuard, tableRows, visibleRows } from '@civicgraph/subgraph-kit';
import { personRule } from './rowRules';

/** The person table as Prisma's `Person` (the loaders read it with prepared SQL: they serve every request). */
const PERSON = tableRows<Person>('person', {
  id: c('id'),
  idNumber: c('id_number'),
  name: c('name'),
  gender: c('gender'),
  birthDate: dateColumn('birth_date'),
  ethnicity: c('ethnicity'),
  nationality: c('nationality'),
  householdAddressId: c('household_address_id'),
  householdDistrictCode: c('household_district_code'),
  residenceAddressId: c('residence_address_id'),
  residenceDistrictCode: c('residence_district_code'),
  residenceTownshipCode: c('residence_township_code'),
  maritalStatus: c('marital_status'),
  phone: c('phone'),
  religion: c('religion'),
  deathDate: dateColumn('death_date'),
  fatherId: c('father_id'),
  motherId: c('mother_id'),
  updatedAt: dateColumn('updated_at'),
  // Part of the row type; the schema has no field that serves it.
  recordKey: c('record_key'),
});
const personsById = PERSON.prepare('population_person_by_id', 'WHERE id = ANY($1::uuid[])');
const personsByIdNumber = PERSON.prepare('population_person_by_id_number', 'WHERE id_number = ANY($1::varchar[])');
const childrenOfParents = PERSON.prepare('population_children_of', 'WHERE father_id = ANY($1::uuid[]) OR mother_id = ANY($1::uuid[]) ORDER BY birth_date, id');

/**
 * Per-request batch loaders: one SQL statement per batch of keys, whatever the list length. A person
 * outside the caller's row constraints loads as a FORBIDDEN error and is left out of lists.
 */
export interface PopulationLoaders {
  personById: DataLoader<string, Person | null>;
  personByIdNumber: DataLoader<string, Person | null>;
  childrenOf: DataLoader<string, Person[]>;
}

export function createLoaders(db: Queryable, caller: RequestContextClaims): PopulationLoaders {
  const guard = rowGuard(personRule, caller, 'Person');
  return {
    personById: createKeyLoader(
      (ids) => personsById(db, [ids]),
      (p) => p.id,
      guard,
    ),
    personByIdNumber: createKeyLoader(
      (numbers) => personsByIdNumber(db, [numbers]),
      (p) => p.idNumber,
      guard,
    ),
    // A child belongs to both its parents' lists, so the generic list loader's one-key grouping does not fit.
    childrenOf: new DataLoader(async (parentIds) => {
      const ids = [...parentIds];
      const rows = await childrenOfParents(db, [ids]);
      const pairs = rows.flatMap((row) => [row.fatherId, row.motherId].filter((p): p is string => !!p).map((parent) => ({ parent, row })));
      return groupBy(ids, pairs, (p) => p.parent).map((group) =>
        visibleRows(
          group.map((p) => p.row),
          personRule,
          caller,
        ),
      );
    }),
  };
}
