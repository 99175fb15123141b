import { Random } from '../random';
import { DISTRICT_GEOGRAPHY, ROAD_STEMS, ROAD_SUFFIXES, shanghaiDivisions, type DivisionRow } from '../referenceData';

export const DAY_MS = 86_400_000;
export const toDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);
export const dayMs = (day: string) => Date.parse(`${day}T00:00:00Z`);
export const addYears = (day: string, years: number) => `${Number(day.slice(0, 4)) + years}${day.slice(4)}`.replace(/-02-29$/, '-02-28');

export interface Township {
  code: string;
  name: string;
  districtCode: string;
  lat: number;
  lng: number;
  roads: string[];
}

/**
 * What every table's generator draws from: one random stream (so the same seed gives the same city, and
 * the order in which generators draw is part of the city), the day the data describes, and the map.
 */
export interface CityDraw {
  random: Random;
  asOf: string;
  asOfMs: number;
  districtNames: ReadonlyMap<string, string>;
  townshipsByDistrict: ReadonlyMap<string, Township[]>;
  /** Districts weighted by population. */
  districtWeights: readonly (readonly [string, number])[];
}

/** The random stream and the city's map: townships placed around their district's centre, each with a few roads. */
export function cityDraw(seed: number, asOf: string): CityDraw {
  const random = new Random(seed);
  const divisions = shanghaiDivisions();
  const townshipsByDistrict = new Map<string, Township[]>();
  for (const division of divisions.filter((d): d is DivisionRow & { parentCode: string } => d.level === 'TOWNSHIP' && !!d.parentCode)) {
    const geo = DISTRICT_GEOGRAPHY[division.parentCode]!;
    const township: Township = {
      code: division.code,
      name: division.name,
      districtCode: division.parentCode,
      lat: geo.lat + (random.next() - 0.5) * geo.spread * 1.6,
      lng: geo.lng + (random.next() - 0.5) * geo.spread * 1.6,
      roads: Array.from({ length: 6 }, () => random.pick(ROAD_STEMS) + random.pick(ROAD_SUFFIXES)),
    };
    townshipsByDistrict.set(division.parentCode, [...(townshipsByDistrict.get(division.parentCode) ?? []), township]);
  }
  return {
    random,
    asOf,
    asOfMs: dayMs(asOf),
    districtNames: new Map(divisions.filter((d) => d.level === 'DISTRICT').map((d) => [d.code, d.name])),
    townshipsByDistrict,
    districtWeights: Object.entries(DISTRICT_GEOGRAPHY).map(([code, g]) => [code, g.weight] as const),
  };
}
