import { graphql } from './generated';
import type { CatalogItemsQuery } from './generated/graphql';

export const CATALOG_ITEMS = graphql(`
  query CatalogItems {
    catalog {
      coordinate
      database
      typeName
      fieldName
      dataType
      ownerCode
      sharing
      opening
      grade
      updateCycle
      legalBasis
      description
    }
  }
`);

export type CatalogEntry = CatalogItemsQuery['catalog'][number];

/** The four base databases: what share requests and scenarios ask for (governance fields are granted by administrators only). */
export const BASE_DATABASES = ['population', 'legal-entity', 'spatial', 'e-license'];

export const SHARING_COLOURS: Record<string, string> = { UNCONDITIONAL: 'green', CONDITIONAL: 'gold', NONE: 'red' };
