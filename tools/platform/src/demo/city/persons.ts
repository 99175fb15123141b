import { makeIdNumber } from '@civicgraph/identifiers';
import { ABOLISHED_CODES, ETHNICITIES, GIVEN_NAME_CHARS, MIGRANT_ORIGIN_CODES } from '../referenceData';
import type { AddressRow, PersonRow } from '../rows';
import { DAY_MS, dayMs, toDay, type CityDraw } from './cityDraw';

export interface PersonDraft {
  surname: string;
  gender: 'MALE' | 'FEMALE';
  birthDate: string;
  home: AddressRow;
  residence: AddressRow;
  marital: PersonRow['marital_status'];
  fatherId?: string | null;
  motherId?: string | null;
  deathDate?: string | null;
}

/** Residents whose ID number agrees with their birth date, sex and (birth) district, each number used once. */
export function personGenerator({ random, asOfMs }: CityDraw) {
  const usedIdNumbers = new Set<string>();

  const birthAddressCode = (districtCode: string, birthDate: string): string => {
    if (random.chance(0.22)) return random.pick(MIGRANT_ORIGIN_CODES);
    const abolished = ABOLISHED_CODES[districtCode];
    if (abolished && birthDate < abolished.until && random.chance(0.6)) return abolished.code;
    return districtCode;
  };

  const uniqueIdNumber = (addressCode: string, birthDate: string, gender: 'MALE' | 'FEMALE'): string => {
    for (;;) {
      const sequence = random.int(0, 499) * 2 + (gender === 'MALE' ? 1 : 0);
      const id = makeIdNumber(addressCode, birthDate, sequence);
      if (!usedIdNumbers.has(id)) {
        usedIdNumbers.add(id);
        return id;
      }
    }
  };

  const givenName = () => random.pick(GIVEN_NAME_CHARS) + (random.chance(0.7) ? random.pick(GIVEN_NAME_CHARS) : '');
  // Drawn from the id rather than the generator, so adding this item left every other value unchanged.
  const religionOf = (id: string) => {
    const n = parseInt(id.slice(0, 8), 16) % 100;
    return n < 88 ? null : (['佛教', '佛教', '佛教', '道教', '基督教', '基督教', '天主教', '伊斯兰教', '伊斯兰教', '其他', '其他', '其他'] as const)[n - 88]!;
  };
  const phone = () => `1${random.pick(['3', '5', '7', '8', '9'])}${random.digits(9)}`;

  return {
    /** A birth date making the person between `minAge` and `maxAge` years old on the day the data describes. */
    birthDateAged: (minAge: number, maxAge: number) => toDay(asOfMs - random.int(minAge * 365 + 1, maxAge * 365 + 300) * DAY_MS),
    makePerson(p: PersonDraft): PersonRow {
      const adult = dayMs(p.birthDate) <= asOfMs - 12 * 365 * DAY_MS;
      const id = random.uuid();
      return {
        id,
        id_number: uniqueIdNumber(birthAddressCode(p.home.district_code, p.birthDate), p.birthDate, p.gender),
        name: p.surname + givenName(),
        gender: p.gender,
        birth_date: p.birthDate,
        ethnicity: random.weighted(ETHNICITIES),
        nationality: 'CHN',
        household_address_id: p.home.id,
        household_district_code: p.home.district_code,
        residence_address_id: p.residence.id,
        residence_district_code: p.residence.district_code,
        residence_township_code: p.residence.division_code,
        marital_status: p.marital,
        phone: adult && !p.deathDate ? phone() : null,
        religion: religionOf(id),
        death_date: p.deathDate ?? null,
        father_id: p.fatherId ?? null,
        mother_id: p.motherId ?? null,
      };
    },
  };
}

export type PersonGenerator = ReturnType<typeof personGenerator>;
