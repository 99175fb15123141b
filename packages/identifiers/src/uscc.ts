import { fail, ok, type ParseResult } from './result';

/** A Unified Social Credit Code (GB 32100-2015) taken apart. */
export interface Uscc {
  value: string;
  /** Registration department, e.g. `9` market regulation. */
  department: string;
  /** Organisation type within the department, e.g. `1` enterprise under `9`. */
  organisationType: string;
  /** GB/T 2260 division code of the registering authority. */
  divisionCode: string;
  /** The 9-character GB 11714 organisation code, its own check character last. */
  organisationCode: string;
}

/** The 31 characters of a USCC: digits then A–Z without I, O, Z, S, V (A = 10 … Y = 30). */
export const USCC_ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
export const USCC_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
const ORG_WEIGHTS = [3, 7, 9, 10, 5, 8, 4, 2];

export function usccCheckChar(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += USCC_ALPHABET.indexOf(first17[i]!) * USCC_WEIGHTS[i]!;
  return USCC_ALPHABET[(31 - (sum % 31)) % 31]!;
}

/** GB 11714 check character over the first 8 characters of an organisation code (digits and A–Z as 10–35). */
export function organisationCodeCheckChar(first8: string): string {
  let sum = 0;
  for (let i = 0; i < 8; i++) sum += parseInt(first8[i]!, 36) * ORG_WEIGHTS[i]!;
  const c = 11 - (sum % 11);
  return c === 10 ? 'X' : c === 11 ? '0' : String(c);
}

/**
 * Validates a USCC: alphabet, overall check character and the organisation-code check. Some early pilot
 * codes are legal yet fail the checksum; they are reported as invalid here, and quality checks count them.
 */
export function parseUscc(input: string): ParseResult<Uscc> {
  const value = input.trim().toUpperCase();
  if (value.length !== 18) return fail(`must be 18 characters, got ${value.length}`);
  const illegal = [...value].find((c) => !USCC_ALPHABET.includes(c));
  if (illegal) return fail(`character "${illegal}" is not allowed (the alphabet has no I, O, Z, S or V)`);
  if (!/^\d{6}$/.test(value.slice(2, 8))) return fail('characters 3–8 must be a 6-digit division code');
  const expected = usccCheckChar(value);
  if (value[17] !== expected) return fail(`check character should be ${expected}`);
  const organisationCode = value.slice(8, 17);
  const orgExpected = organisationCodeCheckChar(organisationCode);
  if (organisationCode[8] !== orgExpected) return fail(`organisation code check character should be ${orgExpected}`);
  return ok({ value, department: value[0]!, organisationType: value[1]!, divisionCode: value.slice(2, 8), organisationCode });
}

/**
 * Builds a valid USCC from department, type, division code and the first 8 characters of the organisation
 * code (digits and capitals that GB 11714 allows). Used by the seed.
 */
export function makeUscc(department: string, organisationType: string, divisionCode: string, organisationBase: string): string {
  const org = organisationBase + organisationCodeCheckChar(organisationBase);
  const first17 = `${department}${organisationType}${divisionCode}${org}`;
  return first17 + usccCheckChar(first17);
}
