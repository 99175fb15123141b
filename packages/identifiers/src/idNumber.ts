import { fail, ok, type ParseResult } from './result';

/** A citizen ID number (GB 11643-1999) taken apart. */
export interface IdNumber {
  /** 18 characters, check character upper-case. */
  value: string;
  /** GB/T 2260 county code it was issued under (possibly since abolished). */
  addressCode: string;
  /** `YYYY-MM-DD`. */
  birthDate: string;
  sequence: string;
  gender: 'MALE' | 'FEMALE';
}

/** GB 11643 weights of the first 17 digits, and the check character for each remainder mod 11. */
export const ID_NUMBER_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
export const ID_NUMBER_CHECK_CHARS = '10X98765432';

/** ISO 7064 MOD 11-2 check character over the first 17 digits. */
export function idNumberCheckChar(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * ID_NUMBER_WEIGHTS[i]!;
  return ID_NUMBER_CHECK_CHARS[sum % 11]!;
}

/** True when `yyyymmdd` is a real calendar date. */
export function isCalendarDate(yyyymmdd: string): boolean {
  const y = Number(yyyymmdd.slice(0, 4));
  const m = Number(yyyymmdd.slice(4, 6));
  const d = Number(yyyymmdd.slice(6, 8));
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}

/**
 * Validates an 18-character ID number: shape, birth date (a real date, not in the future) and check
 * character. Lower-case `x` is accepted and normalised. Abolished address codes are accepted: an ID
 * keeps the code it was issued with.
 */
export function parseIdNumber(input: string, today: Date = new Date()): ParseResult<IdNumber> {
  const value = input.trim().toUpperCase();
  if (value.length === 15) return fail('15-digit legacy ID numbers must be upgraded to 18 characters first (upgradeIdNumber)');
  if (value.length !== 18) return fail(`must be 18 characters, got ${value.length}`);
  if (!/^\d{17}[\dX]$/.test(value)) return fail('must be 17 digits followed by a digit or X');
  if (!/^[1-9]\d{5}$/.test(value.slice(0, 6))) return fail('address code must be 6 digits not starting with 0');
  const birth = value.slice(6, 14);
  if (!isCalendarDate(birth) || Number(birth.slice(0, 4)) < 1800) return fail(`birth date ${birth} is not a valid date`);
  const birthDate = `${birth.slice(0, 4)}-${birth.slice(4, 6)}-${birth.slice(6, 8)}`;
  if (birthDate > today.toISOString().slice(0, 10)) return fail(`birth date ${birthDate} is in the future`);
  const expected = idNumberCheckChar(value);
  if (value[17] !== expected) return fail(`check character should be ${expected}`);
  const sequence = value.slice(14, 17);
  return ok({ value, addressCode: value.slice(0, 6), birthDate, sequence, gender: Number(sequence) % 2 === 1 ? 'MALE' : 'FEMALE' });
}

/** Upgrades a 15-digit legacy ID number: `19` is inserted before the 2-digit year and the check character computed. */
export function upgradeIdNumber(legacy: string): ParseResult<string> {
  const value = legacy.trim();
  if (!/^\d{15}$/.test(value)) return fail('a legacy ID number is 15 digits');
  const first17 = `${value.slice(0, 6)}19${value.slice(6)}`;
  if (!isCalendarDate(first17.slice(6, 14))) return fail(`birth date ${first17.slice(6, 14)} is not a valid date`);
  return ok(first17 + idNumberCheckChar(first17));
}

/** Builds a valid ID number; `sequence` 0–999 (odd for men, even for women). Used by the seed. */
export function makeIdNumber(addressCode: string, birthDate: string, sequence: number): string {
  const first17 = `${addressCode}${birthDate.replace(/-/g, '')}${String(sequence).padStart(3, '0')}`;
  return first17 + idNumberCheckChar(first17);
}
