import { fail, ok, type ParseResult } from './result';
import { parseUscc } from './uscc';

/** An electronic license identifier `1.2.156.3005.2.<type>.<issuer USCC>.<serial>.<version>.<check>`. */
export interface LicenseIdentifier {
  value: string;
  typeCode: string;
  issuerCode: string;
  serial: string;
  version: string;
}

export const LICENSE_IDENTIFIER_PREFIX = '1.2.156.3005.2';
const ALNUM = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ';

/**
 * ISO 7064 hybrid system MOD (M+1),M check character over digits and capitals. With M = 36 it is the
 * MOD 37,36 of license identifiers; with M = 10 it is MOD 11,10, whose published example checks the routine.
 */
export function iso7064HybridCheck(input: string, modulus: 10 | 36): string {
  let product = modulus;
  for (const char of input) {
    const value = ALNUM.indexOf(char);
    if (value < 0 || value >= modulus) throw new RangeError(`"${char}" is outside the MOD ${modulus + 1},${modulus} alphabet`);
    let sum = (value + product) % modulus;
    if (sum === 0) sum = modulus;
    product = (2 * sum) % (modulus + 1);
  }
  return ALNUM[(modulus + 1 - product) % modulus]!;
}

export function licenseIdentifierCheckChar(typeCode: string, issuerCode: string, serial: string, version: string): string {
  return iso7064HybridCheck(`${typeCode}${issuerCode}${serial}${version}`, 36);
}

export function makeLicenseIdentifier(typeCode: string, issuerCode: string, serial: string, version = '001'): string {
  return [LICENSE_IDENTIFIER_PREFIX, typeCode, issuerCode, serial, version, licenseIdentifierCheckChar(typeCode, issuerCode, serial, version)].join('.');
}

export function parseLicenseIdentifier(input: string): ParseResult<LicenseIdentifier> {
  const value = input.trim().toUpperCase();
  if (!value.startsWith(`${LICENSE_IDENTIFIER_PREFIX}.`)) return fail(`must start with ${LICENSE_IDENTIFIER_PREFIX}.`);
  const parts = value.slice(LICENSE_IDENTIFIER_PREFIX.length + 1).split('.');
  if (parts.length !== 5) return fail('must have 5 segments after the prefix: type, issuer USCC, serial, version, check');
  const [typeCode, issuerCode, serial, version, check] = parts as [string, string, string, string, string];
  if (!/^[0-9A-Z]{1,32}$/.test(typeCode)) return fail('license type code must be 1–32 digits or capitals');
  const issuer = parseUscc(issuerCode);
  if (!issuer.ok) return fail(`issuer code: ${issuer.reason}`);
  if (!/^[0-9A-Z]{1,32}$/.test(serial)) return fail('serial must be 1–32 digits or capitals');
  if (!/^\d{3}$/.test(version)) return fail('version must be 3 digits');
  const expected = licenseIdentifierCheckChar(typeCode, issuerCode, serial, version);
  if (check !== expected) return fail(`check character should be ${expected}`);
  return ok({ value, typeCode, issuerCode, serial, version });
}
