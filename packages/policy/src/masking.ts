/**
 * Masks per common public-sector practice (no national standard fixes the positions): enough stays to
 * recognise a record a user already knows, not enough to learn a new one. Applied in the owning subgraph,
 * so a raw value never leaves it when the grant says masked.
 */

export type MaskKind = 'ID_NUMBER' | 'PHONE' | 'NAME' | 'ADDRESS';

const stars = (n: number) => '*'.repeat(Math.max(n, 0));

/**
 * `310101199003071230` → `310101********1230`: the issuing county and the last four kept. Without
 * `showGender` the 17th character, odd for men, is hidden too (`310101********12*0`), for a scenario
 * that may not read the gender.
 */
export function maskIdNumber(value: string, showGender = true): string {
  if (value.length <= 10) return stars(value.length);
  const kept = value.slice(-4);
  return value.slice(0, 6) + stars(value.length - 10) + (showGender || kept.length < 4 ? kept : `${kept.slice(0, 2)}*${kept.slice(3)}`);
}

/** `13812341234` → `138****1234`. */
export function maskPhone(value: string): string {
  if (value.length < 8) return stars(value.length);
  return value.slice(0, 3) + stars(value.length - 7) + value.slice(-4);
}

/** `张三` → `张*`, `欧阳娜娜` → `欧***`: the first character kept (characters, not UTF-16 units). */
export function maskName(value: string): string {
  const chars = [...value];
  return chars.length <= 1 ? stars(chars.length) : chars[0] + stars(chars.length - 1);
}

/**
 * Keeps the address down to its district or subdistrict (`上海市黄浦区南京东路街道****`). `keep` is that
 * prefix as the owner knows it (city + district + township names); anything not starting with it is
 * hidden entirely.
 */
export function maskAddress(value: string, keep: string): string {
  return keep && value.startsWith(keep) ? `${keep}****` : '****';
}

/**
 * The part of a full address text a mask keeps: up to the township (街道, 镇, 乡) — else up to the district
 * (区) — or, `upTo: 'district'`, only up to the district; nothing for `upTo: 'nothing'`.
 */
export function addressKeep(value: string, upTo: 'township' | 'district' | 'nothing' = 'township'): string {
  const district = /^.*?区/.exec(value)?.[0] ?? '';
  if (upTo === 'nothing') return '';
  if (upTo === 'district') return district;
  return /^.*?(?:街道|镇|乡)/.exec(value)?.[0] ?? district;
}

/**
 * The fields a mask shows part of, beyond the value itself, each shown only to a scenario that may read
 * it anyway: an ID number's kept last four include the gender digit (the 17th, odd for men); an address
 * kept to its township shows the township, kept to its district the district.
 */
export const MASK_SHOWS = { ID_NUMBER: ['Person.gender'], ADDRESS: ['Address.division', 'Address.district'] } as const;

/** The coordinates a scenario may read, as a mask asks about them (a subgraph's grant set). */
export interface ReadableCoordinates {
  has(coordinate: string): boolean;
}

const EVERYTHING: ReadableCoordinates = { has: () => true };

/**
 * Applies a mask kind to a value. `readable` holds what the scenario may read: a mask shows part of another
 * field only to a scenario that may read that field anyway (MASK_SHOWS).
 */
export function applyMask(kind: MaskKind, value: string, readable: ReadableCoordinates = EVERYTHING): string {
  switch (kind) {
    case 'ID_NUMBER':
      return maskIdNumber(value, readable.has(MASK_SHOWS.ID_NUMBER[0]));
    case 'PHONE':
      return maskPhone(value);
    case 'NAME':
      return maskName(value);
    case 'ADDRESS': {
      const [township, district] = MASK_SHOWS.ADDRESS;
      return maskAddress(value, addressKeep(value, readable.has(township) ? 'township' : readable.has(district) ? 'district' : 'nothing'));
    }
  }
}
