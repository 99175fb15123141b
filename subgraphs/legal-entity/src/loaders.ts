import { Prisma, type LegalEntity } from '@civicgraph/prisma/legal-entity';
import type { Queryable } from '@civicgraph/db';
import type { RequestContextClaims } from '@civicgraph/policy';
import { column as c, createKeyLoader, dateColumn, groupBy, rowGuard, tableRows, visibleRows } from '@civicgraph/subgraph-kit';
import DataLoader from 'dataloader';
import { entityRule } from './rowRules';

/** The legal entity table as Prisma's `LegalEntity` (the loaders read it with prepared SQL: they serve every request). */
const LEGAL_ENTITY = tableRows<LegalEntity>('legal_entity', {
  id: c('id'),
  uscc: c('uscc'),
  name: c('name'),
  kind: c('kind'),
  status: c('status'),
  representativeId: c('representative_id'),
  representativeIdNumber: c('representative_id_number'),
  // As text, into Prisma's Decimal: no binary floating point in between.
  registeredCapital: { sql: 'registered_capital::text', read: (value) => (value === null ? null : new Prisma.Decimal(value as string)) },
  establishedOn: dateColumn('established_on'),
  businessScope: c('business_scope'),
  industryCode: c('industry_code'),
  registeredAddressId: c('registered_address_id'),
  districtCode: c('district_code'),
  registrationAuthority: c('registration_authority'),
  updatedAt: dateColumn('updated_at'),
  // Part of the row type; the schema has no field that serves it.
  recordKey: c('record_key'),
});
const entitiesById = LEGAL_ENTITY.prepare('legal_entity_by_id', 'WHERE id = ANY($1::uuid[])');
const entitiesByUscc = LEGAL_ENTITY.prepare('legal_entity_by_uscc', 'WHERE uscc = ANY($1::bpchar[])');
const entitiesOfRepresentatives = LEGAL_ENTITY.prepare(
  'legal_entity_by_representative',
  'WHERE representative_id = ANY($1::uuid[]) ORDER BY established_on, id',
);

/** Per-request batch loaders: one SQL statement per batch of keys; the caller's row constraints applied. */
export interface LegalEntityLoaders {
  entityById: DataLoader<string, LegalEntity | null>;
  entityByUscc: DataLoader<string, LegalEntity | null>;
  entitiesByRepresentative: DataLoader<string, LegalEntity[]>;
}

export function createLoaders(db: Queryable, caller: RequestContextClaims): LegalEntityLoaders {
  const guard = rowGuard(entityRule, caller, 'LegalEntity');
  return {
    entityById: createKeyLoader(
      (ids) => entitiesById(db, [ids]),
      (e) => e.id,
      guard,
    ),
    entityByUscc: createKeyLoader(
      (codes) => entitiesByUscc(db, [codes]),
      (e) => e.uscc,
      guard,
    ),
    entitiesByRepresentative: new DataLoader(async (personIds) => {
      const rows = await entitiesOfRepresentatives(db, [[...personIds]]);
      return groupBy(personIds, visibleRows(rows, entityRule, caller), (e) => e.representativeId);
    }),
  };
}
