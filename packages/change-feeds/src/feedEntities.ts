/** The owners whose records change feeds carry (spatial reference data is not fed). */
export type FeedOwner = 'population' | 'legal-entity' | 'e-license';

export const FEED_OWNERS: readonly FeedOwner[] = ['population', 'legal-entity', 'e-license'];

export type ChangeOperation = 'CREATED' | 'UPDATED' | 'DELETED';

/** The operations a subscription may ask for: a deleted record cannot be re-read, so deletions are not fed. */
export const SUBSCRIBABLE_OPERATIONS: readonly ChangeOperation[] = ['CREATED', 'UPDATED'];

/** A GraphQL field a column's change shows in, and whether its value is a scalar a full event can carry. */
interface FedField {
  field: string;
  scalar: boolean;
}

export interface FeedEntity {
  owner: FeedOwner;
  /** The GraphQL type, as the outbox names it. */
  type: string;
  /** Whether the records describe people: their events are thin unless a subscription asks for full ones. */
  personal: boolean;
  /** The root field that reads one record by the outbox's key, and its argument. */
  root: { field: string; argument: string; argumentType: string };
  /** The field that holds the key (what a thin event names). */
  keyField: string;
  /** Each column the outbox may name, to the fields its change shows in; columns not here are never fed. */
  columns: Readonly<Record<string, readonly FedField[]>>;
}

const scalar = (...fields: string[]): FedField[] => fields.map((field) => ({ field, scalar: true }));
const object = (field: string): FedField[] => [{ field, scalar: false }];

export const FEED_ENTITIES: readonly FeedEntity[] = [
  {
    owner: 'population',
    type: 'Person',
    personal: true,
    root: { field: 'person', argument: 'id', argumentType: 'ID!' },
    keyField: 'id',
    columns: {
      id_number: scalar('idNumber'),
      name: scalar('name'),
      gender: scalar('gender'),
      birth_date: scalar('birthDate'),
      ethnicity: scalar('ethnicity'),
      nationality: scalar('nationality'),
      household_address_id: object('householdAddress'),
      household_district_code: object('householdDistrict'),
      residence_address_id: object('residenceAddress'),
      residence_district_code: object('residenceDistrict'),
      marital_status: scalar('maritalStatus'),
      phone: scalar('phone'),
      religion: scalar('religion'),
      death_date: scalar('deathDate'),
      father_id: object('father'),
      mother_id: object('mother'),
    },
  },
  {
    owner: 'legal-entity',
    type: 'LegalEntity',
    personal: false,
    root: { field: 'legalEntity', argument: 'id', argumentType: 'ID!' },
    keyField: 'id',
    columns: {
      uscc: scalar('uscc'),
      name: scalar('name'),
      kind: scalar('kind'),
      status: scalar('status'),
      representative_id: object('legalRepresentative'),
      registered_capital: scalar('registeredCapital'),
      established_on: scalar('establishedOn'),
      business_scope: scalar('businessScope'),
      industry_code: scalar('industryCode'),
      registered_address_id: object('registeredAddress'),
      district_code: object('district'),
      registration_authority: scalar('registrationAuthority'),
    },
  },
  {
    owner: 'e-license',
    type: 'License',
    // A license names its holder, who is often a person.
    personal: true,
    root: { field: 'license', argument: 'identifier', argumentType: 'String!' },
    keyField: 'identifier',
    columns: {
      type_code: object('type'),
      name: scalar('name'),
      number: scalar('number'),
      holder_kind: object('holder'),
      holder_id: object('holder'),
      holder_name: scalar('holderName'),
      holder_identifier: scalar('holderIdentifier'),
      holder_identifier_type: scalar('holderIdentifierType'),
      issuer_name: scalar('issuerName'),
      issuer_code: scalar('issuerCode'),
      jurisdiction_code: object('jurisdiction'),
      issued_on: scalar('issuedOn'),
      valid_from: scalar('validFrom'),
      valid_until: scalar('validUntil'),
      long_term: scalar('longTerm'),
      status: scalar('status', 'statusCode'),
      replaces_id: object('replaces'),
      signature: scalar('signature'),
      signing_key_id: scalar('signingKeyId'),
    },
  },
];

const byType = new Map(FEED_ENTITIES.map((e) => [e.type, e]));

export function feedEntity(type: string): FeedEntity | undefined {
  return byType.get(type);
}

/** The fields (sorted, without repeats) a change of these columns shows in. */
export function changedFields(entity: FeedEntity, columns: readonly string[]): string[] {
  return [...new Set(columns.flatMap((c) => (entity.columns[c] ?? []).map((f) => f.field)))].sort();
}

/** Whether a full event can carry the field's value (objects are named as changed; their values are re-read through the API). */
export function isScalarField(entity: FeedEntity, field: string): boolean {
  return Object.values(entity.columns).some((fields) => fields.some((f) => f.field === field && f.scalar));
}
