/** Rows as the seed writes them, column names as in the databases. Dates are `YYYY-MM-DD` strings. */

export interface AddressRow {
  id: string;
  division_code: string;
  district_code: string;
  road: string;
  number: string;
  building: string | null;
  room: string | null;
  full_text: string;
  latitude: number;
  longitude: number;
}

export interface PersonRow {
  id: string;
  id_number: string;
  name: string;
  gender: 'MALE' | 'FEMALE';
  birth_date: string;
  ethnicity: string;
  nationality: string;
  household_address_id: string;
  household_district_code: string;
  residence_address_id: string;
  residence_district_code: string;
  residence_township_code: string;
  marital_status: 'UNMARRIED' | 'MARRIED' | 'WIDOWED' | 'DIVORCED' | 'UNSPECIFIED';
  phone: string | null;
  /** 宗教信仰 as declared at registration; null when none was declared. */
  religion: string | null;
  death_date: string | null;
  father_id: string | null;
  mother_id: string | null;
}

export interface LegalEntityRow {
  id: string;
  uscc: string;
  name: string;
  kind: 'ENTERPRISE' | 'INDIVIDUAL_BUSINESS' | 'FARMERS_COOPERATIVE';
  status: 'ACTIVE' | 'REVOKED' | 'DEREGISTERED' | 'MOVED_OUT';
  representative_id: string;
  representative_id_number: string;
  registered_capital: string | null;
  established_on: string;
  business_scope: string;
  industry_code: string;
  registered_address_id: string;
  district_code: string;
  registration_authority: string;
}

export interface LicenseTypeRow {
  code: string;
  name: string;
  holder_kind: 'PERSON' | 'LEGAL_ENTITY';
  issuer_name: string;
}

export interface LicenseRow {
  id: string;
  identifier: string;
  type_code: string;
  name: string;
  number: string;
  holder_kind: 'PERSON' | 'LEGAL_ENTITY';
  holder_id: string;
  holder_name: string;
  holder_identifier: string;
  holder_identifier_type: '111' | '001';
  issuer_name: string;
  issuer_code: string;
  jurisdiction_code: string;
  issued_on: string;
  valid_from: string;
  valid_until: string | null;
  long_term: boolean;
  status: 'VALID' | 'SUSPENDED' | 'WITHDRAWN' | 'CANCELLED' | 'EXPIRED' | 'TRANSFERRED_OUT' | 'REVOKED' | 'OTHER';
  replaces_id: string | null;
  signature: string;
  signing_key_id: string;
}

/** One slice of the city, written to the four databases together so every reference resolves. */
export interface CityBatch {
  addresses: AddressRow[];
  persons: PersonRow[];
  legalEntities: LegalEntityRow[];
  licenses: LicenseRow[];
}
