import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, sign, verify, type KeyObject } from 'node:crypto';

/**
 * What an issuer vouches for when it signs a license: the record as issued. Status is not signed —
 * suspension, revocation or expiry happen after issue and are recorded, not re-signed.
 */
export interface SignedLicenseContent {
  identifier: string;
  typeCode: string;
  name: string;
  number: string;
  holderKind: string;
  holderId: string;
  holderName: string;
  holderIdentifier: string;
  holderIdentifierType: string;
  issuerName: string;
  issuerCode: string;
  jurisdictionCode: string;
  /** `YYYY-MM-DD` */
  issuedOn: string;
  validFrom: string;
  validUntil: string | null;
  longTerm: boolean;
  replacesId: string | null;
}

const FIELDS: (keyof SignedLicenseContent)[] = [
  'identifier',
  'typeCode',
  'name',
  'number',
  'holderKind',
  'holderId',
  'holderName',
  'holderIdentifier',
  'holderIdentifierType',
  'issuerName',
  'issuerCode',
  'jurisdictionCode',
  'issuedOn',
  'validFrom',
  'validUntil',
  'longTerm',
  'replacesId',
];

/** The exact bytes that are signed: the fields in a fixed order as a JSON array, so key order can never differ. */
export function canonicalLicenseContent(content: SignedLicenseContent): Buffer {
  return Buffer.from(JSON.stringify(FIELDS.map((field) => content[field] ?? null)), 'utf8');
}

export interface LicenseSigningKey {
  /** Stable id stored with each signature: the first 16 hex characters of the public key's SHA-256. */
  id: string;
  privateKey: KeyObject;
  /** SPKI PEM, stored in the license database so anyone can verify. */
  publicKeyPem: string;
}

function keyIdOf(publicKeyPem: string): string {
  return `ed25519-${createHash('sha256').update(publicKeyPem).digest('hex').slice(0, 16)}`;
}

export function generateLicenseSigningKey(): LicenseSigningKey {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  const publicKeyPem = publicKey.export({ type: 'spki', format: 'pem' }).toString();
  return { id: keyIdOf(publicKeyPem), privateKey, publicKeyPem };
}

/** Loads a key saved with `exportLicenseSigningKey` (PKCS#8 PEM). */
export function importLicenseSigningKey(privateKeyPem: string): LicenseSigningKey {
  const privateKey = createPrivateKey(privateKeyPem);
  const publicKeyPem = createPublicKey(privateKey).export({ type: 'spki', format: 'pem' }).toString();
  return { id: keyIdOf(publicKeyPem), privateKey, publicKeyPem };
}

export function exportLicenseSigningKey(key: LicenseSigningKey): string {
  return key.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
}

/** Ed25519 signature, base64url. */
export function signLicense(content: SignedLicenseContent, key: LicenseSigningKey): string {
  return sign(null, canonicalLicenseContent(content), key.privateKey).toString('base64url');
}

export function verifyLicenseSignature(content: SignedLicenseContent, signature: string, publicKeyPem: string): boolean {
  try {
    return verify(null, canonicalLicenseContent(content), createPublicKey(publicKeyPem), Buffer.from(signature, 'base64url'));
  } catch {
    return false;
  }
}
