export {
  canonicalLicenseContent,
  generateLicenseSigningKey,
  importLicenseSigningKey,
  exportLicenseSigningKey,
  signLicense,
  verifyLicenseSignature,
} from './licenseSignature';
export type { SignedLicenseContent, LicenseSigningKey } from './licenseSignature';
