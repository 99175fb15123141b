export { seedCity, isSeeded } from './seedCity';
export type { CityDatabases, SeedOptions, SeedSummary } from './seedCity';
export { generateCity, LICENSE_TYPES } from './generateCity';
export type { GenerateCityOptions } from './generateCity';
export type { CityBatch, PersonRow, LegalEntityRow, AddressRow, LicenseRow } from './rows';
