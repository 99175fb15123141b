import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { contextSigningKeyFromPem, generateContextSigningKey, type ContextSigningKey } from '@civicgraph/policy';
import { exportLicenseSigningKey, generateLicenseSigningKey, importLicenseSigningKey, type LicenseSigningKey } from '@civicgraph/license-signature';

/**
 * The development license-signing key: generated on first start into the data folder (never the repo),
 * readable by its owner only. Without a data folder the key lives in memory for the process.
 */
export function loadOrCreateSigningKey(dataDir: string | undefined): LicenseSigningKey {
  if (!dataDir) return generateLicenseSigningKey();
  const file = path.join(dataDir, 'keys', 'license-signing-key.pem');
  if (existsSync(file)) return importLicenseSigningKey(readFileSync(file, 'utf8'));
  const key = generateLicenseSigningKey();
  mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  writeFileSync(file, exportLicenseSigningKey(key), { mode: 0o600 });
  chmodSync(file, 0o600);
  return key;
}

/**
 * The gateway's context-signing key (Ed25519): generated on first start into the data folder, private
 * key readable by its owner only, public key beside it for subgraph processes. In memory without a folder.
 */
export function loadOrCreateContextKey(dataDir: string | undefined): ContextSigningKey {
  if (!dataDir) return generateContextSigningKey();
  const file = path.join(dataDir, 'keys', 'context-signing-key.pem');
  if (existsSync(file)) return contextSigningKeyFromPem(readFileSync(file, 'utf8'));
  const key = generateContextSigningKey();
  mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  writeFileSync(file, key.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(), { mode: 0o600 });
  chmodSync(file, 0o600);
  writeFileSync(path.join(dataDir, 'keys', 'context-signing-key.pub.pem'), key.publicKey.export({ type: 'spki', format: 'pem' }).toString());
  return key;
}
