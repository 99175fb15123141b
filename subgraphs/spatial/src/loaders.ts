import type DataLoader from 'dataloader';
import type { Queryable } from '@civicgraph/db';
import type { Address, Division } from '@civicgraph/prisma/spatial';
import { column as c, createKeyLoader, createListLoader, dateColumn, tableRows } from '@civicgraph/subgraph-kit';

/** The division and address tables as Prisma's models (the loaders read them with prepared SQL: they serve every request). */
const DIVISION = tableRows<Division>('division', { code: c('code'), name: c('name'), level: c('level'), parentCode: c('parent_code') });
const ADDRESS = tableRows<Address>('address', {
  id: c('id'),
  divisionCode: c('division_code'),
  districtCode: c('district_code'),
  road: c('road'),
  number: c('number'),
  building: c('building'),
  room: c('room'),
  fullText: c('full_text'),
  latitude: c('latitude'),
  longitude: c('longitude'),
  updatedAt: dateColumn('updated_at'),
});
const divisionsByCode = DIVISION.prepare('spatial_division_by_code', 'WHERE code = ANY($1::varchar[])');
const divisionsUnder = DIVISION.prepare('spatial_division_children', 'WHERE parent_code = ANY($1::varchar[]) ORDER BY code');
const addressesById = ADDRESS.prepare('spatial_address_by_id', 'WHERE id = ANY($1::uuid[])');

/** Per-request batch loaders: one SQL statement per batch of keys. */
export interface SpatialLoaders {
  divisionByCode: DataLoader<string, Division | null>;
  childrenOf: DataLoader<string, Division[]>;
  addressById: DataLoader<string, Address | null>;
}

export function createLoaders(db: Queryable): SpatialLoaders {
  // Geography is reference data: no row constraint applies to districts, townships and addresses.
  return {
    divisionByCode: createKeyLoader(
      (codes) => divisionsByCode(db, [codes]),
      (d) => d.code,
    ),
    childrenOf: createListLoader(
      (codes) => divisionsUnder(db, [codes]),
      (d) => d.parentCode!,
    ),
    addressById: createKeyLoader(
      (ids) => addressesById(db, [ids]),
      (a) => a.id,
    ),
  };
}
