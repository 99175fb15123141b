import { SURNAMES } from '../referenceData';
import type { CityBatch } from '../rows';
import type { MakeAddress } from './addresses';
import { addYears, DAY_MS, dayMs, toDay, type CityDraw } from './cityDraw';
import { LICENSE_TYPES, type LicenseGenerator } from './licenses';
import type { PersonGenerator } from './persons';

/**
 * One household at a time, into a batch: a single resident, an elderly couple (perhaps widowed), or a
 * family of married parents and up to two children; marriage and birth certificates with them.
 */
export function householdGenerator(draw: CityDraw, makeAddress: MakeAddress, people: PersonGenerator, licenses: LicenseGenerator) {
  const { random, asOf, asOfMs, districtWeights } = draw;
  const { makePerson, birthDateAged } = people;
  const { license, civilAffairs, health } = licenses;

  /** Adds one household of at most `room` residents (and its addresses and certificates) to `batch`. */
  return (batch: CityBatch, room: number): void => {
    const district = random.weighted(districtWeights);
    const home = makeAddress(district, false);
    batch.addresses.push(home);
    const elsewhere = () => {
      if (random.chance(0.85)) return home;
      const other = makeAddress(random.weighted(districtWeights), false);
      batch.addresses.push(other);
      return other;
    };
    const kind =
      room < 2
        ? 'single'
        : random.weighted([
            ['family', 55],
            ['single', 25],
            ['elderly', 20],
          ] as const);
    const surname = random.pick(SURNAMES);
    if (kind === 'single') {
      const divorced = random.chance(0.25);
      batch.persons.push(
        makePerson({
          surname,
          gender: random.chance(0.5) ? 'MALE' : 'FEMALE',
          birthDate: divorced ? birthDateAged(35, 70) : birthDateAged(18, 40),
          home,
          residence: elsewhere(),
          marital: divorced ? 'DIVORCED' : 'UNMARRIED',
        }),
      );
      return;
    }
    if (kind === 'elderly') {
      const husbandBirth = birthDateAged(60, 92);
      const widowed = random.chance(0.25);
      const husband = makePerson({
        surname,
        gender: 'MALE',
        birthDate: husbandBirth,
        home,
        residence: home,
        marital: 'MARRIED',
        deathDate: widowed ? toDay(asOfMs - random.int(30, 3000) * DAY_MS) : null,
      });
      const wife = makePerson({
        surname: random.pick(SURNAMES),
        gender: 'FEMALE',
        birthDate: toDay(dayMs(husbandBirth) + random.int(-1000, 1500) * DAY_MS),
        home,
        residence: home,
        marital: widowed ? 'WIDOWED' : 'MARRIED',
      });
      batch.persons.push(husband, wife);
      const married = addYears(husbandBirth, random.int(23, 30));
      if (married < asOf) {
        const number = `J${district}-${married.slice(0, 4)}-${random.digits(6)}`;
        for (const spouse of [husband, wife])
          batch.licenses.push(license(LICENSE_TYPES.marriage, { kind: 'PERSON', row: spouse }, civilAffairs(district), district, married, null, { number }));
      }
      return;
    }
    // A family: married parents and up to two children (fewer when the batch is nearly full).
    const fatherBirth = birthDateAged(26, 58);
    const father = makePerson({ surname, gender: 'MALE', birthDate: fatherBirth, home, residence: elsewhere(), marital: 'MARRIED' });
    const mother = makePerson({
      surname: random.pick(SURNAMES),
      gender: 'FEMALE',
      birthDate: toDay(dayMs(fatherBirth) + random.int(-700, 1500) * DAY_MS),
      home,
      residence: father.residence_address_id === home.id ? home : elsewhere(),
      marital: 'MARRIED',
    });
    batch.persons.push(father, mother);
    const married = addYears(mother.birth_date, random.int(22, 28));
    const number = `J${district}-${married.slice(0, 4)}-${random.digits(6)}`;
    if (married < asOf)
      for (const spouse of [father, mother])
        batch.licenses.push(license(LICENSE_TYPES.marriage, { kind: 'PERSON', row: spouse }, civilAffairs(district), district, married, null, { number }));
    const children = Math.min(
      random.weighted([
        [0, 20],
        [1, 55],
        [2, 25],
      ] as const),
      room - 2,
    );
    let childBirth = dayMs(married) + random.int(300, 1500) * DAY_MS;
    for (let i = 0; i < children && childBirth < asOfMs; i++) {
      const birthDate = toDay(childBirth);
      const child = makePerson({
        surname,
        gender: random.chance(0.51) ? 'MALE' : 'FEMALE',
        birthDate,
        home,
        residence: home,
        marital: 'UNMARRIED',
        fatherId: father.id,
        motherId: mother.id,
      });
      batch.persons.push(child);
      if (birthDate >= '1996-01-01') batch.licenses.push(license(LICENSE_TYPES.birth, { kind: 'PERSON', row: child }, health, district, birthDate, null));
      childBirth += random.int(700, 2500) * DAY_MS;
    }
  };
}
