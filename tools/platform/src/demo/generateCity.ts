import type { LicenseSigningKey } from '@civicgraph/license-signature';
import type { CityBatch } from './rows';
import { addressGenerator } from './city/addresses';
import { cityDraw } from './city/cityDraw';
import { householdGenerator } from './city/households';
import { legalEntityGenerator } from './city/legalEntities';
import { licenseGenerator } from './city/licenses';
import { personGenerator } from './city/persons';

export { LICENSE_TYPES, licenseTypeRows } from './city/licenses';

/** The day a generated city describes unless told otherwise. */
export const DEFAULT_CITY_AS_OF = '2026-11-01';

export interface GenerateCityOptions {
  /** Residents to generate. */
  persons: number;
  /** Same seed, same city. Default 2260. */
  seed?: number;
  /** The day the data describes (`YYYY-MM-DD`): ages, validity and statuses are relative to it. Default 2026-11-01. */
  asOf?: string;
  /** Key that signs every license. */
  signingKey: LicenseSigningKey;
  /** Residents per batch. Default 5,000. */
  batchSize?: number;
}

/**
 * Generates a coherent city batch by batch: every ID number agrees with its holder's birth date, sex and
 * (birth) district; every representative and license holder exists in the same or an earlier batch;
 * every address lies in a real township. One generator per table (city/), all drawing from one stream.
 */
export function* generateCity(options: GenerateCityOptions): Generator<CityBatch> {
  const draw = cityDraw(options.seed ?? 2260, options.asOf ?? DEFAULT_CITY_AS_OF);
  const batchSize = options.batchSize ?? 5_000;
  const makeAddress = addressGenerator(draw);
  const licenses = licenseGenerator(draw, options.signingKey);
  const addHousehold = householdGenerator(draw, makeAddress, personGenerator(draw), licenses);
  const addLegalEntities = legalEntityGenerator(draw, makeAddress, licenses);

  let remaining = options.persons;
  while (remaining > 0) {
    const batch: CityBatch = { addresses: [], persons: [], legalEntities: [], licenses: [] };
    const target = Math.min(batchSize, remaining);
    while (batch.persons.length < target) addHousehold(batch, target - batch.persons.length);
    batch.licenses.push(...licenses.drivingLicences(batch.persons));
    addLegalEntities(batch);
    remaining -= batch.persons.length;
    yield batch;
  }
}
