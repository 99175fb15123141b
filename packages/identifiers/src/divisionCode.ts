import { fail, ok, type ParseResult } from './result';

/** GB/T 2260 province-level prefixes. */
const PROVINCES = new Set([
  '11',
  '12',
  '13',
  '14',
  '15',
  '21',
  '22',
  '23',
  '31',
  '32',
  '33',
  '34',
  '35',
  '36',
  '37',
  '41',
  '42',
  '43',
  '44',
  '45',
  '46',
  '50',
  '51',
  '52',
  '53',
  '54',
  '61',
  '62',
  '63',
  '64',
  '65',
  '71',
  '81',
  '82',
]);

export interface DivisionCode {
  value: string;
  level: 'PROVINCE' | 'CITY' | 'COUNTY' | 'TOWNSHIP';
  /** The 6-digit GB/T 2260 code the division belongs to. */
  countyCode: string;
}

/**
 * Validates the shape of a division code: 6 digits (GB/T 2260 province, prefecture or county) or the
 * 9-digit statistical township code (county code + 3). Whether the code still exists is the spatial
 * database's question, not this one.
 */
export function parseDivisionCode(input: string): ParseResult<DivisionCode> {
  const value = input.trim();
  if (!/^\d{6}(\d{3})?$/.test(value)) return fail('must be 6 digits (GB/T 2260) or 9 digits (township)');
  if (!PROVINCES.has(value.slice(0, 2))) return fail(`"${value.slice(0, 2)}" is not a GB/T 2260 province code`);
  const countyCode = value.slice(0, 6);
  if (value.length === 9) return ok({ value, level: 'TOWNSHIP', countyCode });
  const level = value.slice(2) === '0000' ? 'PROVINCE' : value.slice(4) === '00' ? 'CITY' : 'COUNTY';
  return ok({ value, level, countyCode });
}
