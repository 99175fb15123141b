export type { ParseResult } from './result';
export { parseIdNumber, upgradeIdNumber, makeIdNumber, idNumberCheckChar, isCalendarDate, ID_NUMBER_WEIGHTS, ID_NUMBER_CHECK_CHARS } from './idNumber';
export type { IdNumber } from './idNumber';
export { parseUscc, makeUscc, usccCheckChar, organisationCodeCheckChar, USCC_ALPHABET, USCC_WEIGHTS } from './uscc';
export type { Uscc } from './uscc';
export { parseDivisionCode } from './divisionCode';
export type { DivisionCode } from './divisionCode';
export { parseLicenseIdentifier, makeLicenseIdentifier, licenseIdentifierCheckChar, iso7064HybridCheck, LICENSE_IDENTIFIER_PREFIX } from './licenseIdentifier';
export type { LicenseIdentifier } from './licenseIdentifier';
