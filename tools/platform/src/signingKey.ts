import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { exportLicenseSigningKey, generateLicenseSigningKey, importLicenseSigningKey, type LicenseSigningKey } from '@civicgraph/license-signature';
import {
  contextSigningKeyFromPem,
  generateContextSigningKey,
  generateIdentityProviderKey,
  identityProviderKeyFromPem,
  type ContextSigningKey,
  type IdentityProviderKey,
} from '@civicgraph/policy';

/**
 * A development key kept in the data folder (never the repo): read when it exists, generated on first
 * start otherwise, the private key readable by its owner only.
 */
function loadOrCreateKey<K>(file: string, read: (pem: string) => K, create: () => { key: K; privatePem: string; publicPem?: string }): K {
  if (existsSync(file)) return read(readFileSync(file, 'utf8'));
  const { key, privatePem, publicPem } = create();
  mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  writeFileSync(file, privatePem, { mode: 0o600 });
  chmodSync(file, 0o600);
  if (publicPem) writeFileSync(file.replace(/\.pem$/, '.pub.pem'), publicPem);
  return key;
}

/** The license-signing key of the demo issuers. Without a data folder the key lives in memory for the process. */
export function loadOrCreateSigningKey(dataDir: string | undefined): LicenseSigningKey {
  if (!dataDir) return generateLicenseSigningKey();
  return loadOrCreateKey(path.join(dataDir, 'keys', 'license-signing-key.pem'), importLicenseSigningKey, () => {
    const key = generateLicenseSigningKey();
    return { key, privatePem: exportLicenseSigningKey(key) };
  });
}

/**
 * The gateway's context-signing key (Ed25519), with its public half beside it (`.pub.pem`) for subgraph
 * processes. Without a data folder the key lives in memory for the process.
 */
export function loadOrCreateContextKey(dataDir: string | undefined): ContextSigningKey {
  if (!dataDir) return generateContextSigningKey();
  return loadOrCreateKey(path.join(dataDir, 'keys', 'context-signing-key.pem'), contextSigningKeyFromPem, () => {
    const key = generateContextSigningKey();
    return {
      key,
      privatePem: key.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
      publicPem: key.publicKey.export({ type: 'spki', format: 'pem' }).toString(),
    };
  });
}

/**
 * The development identity provider's key (Ed25519): `civicgraph token` signs subject tokens with it and
 * the gateway of `npm start` trusts its public half (`.pub.pem`). Production configures the real
 * identity provider's public key instead (SUBJECT_TOKEN_PUBLIC_KEY_FILE).
 */
export function loadOrCreateIdentityProviderKey(dataDir: string | undefined): IdentityProviderKey {
  if (!dataDir) return generateIdentityProviderKey();
  return loadOrCreateKey(path.join(dataDir, 'keys', 'identity-provider-dev-key.pem'), identityProviderKeyFromPem, () => {
    const key = generateIdentityProviderKey();
    return {
      key,
      privatePem: key.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
      publicPem: key.publicKey.export({ type: 'spki', format: 'pem' }).toString(),
    };
  });
}

/**
 * The operators' token for `/metrics` on every service of `npm start` (keys/metrics-token in the data
 * folder, owner-only). Production sets METRICS_TOKEN for each process instead.
 */
export function loadOrCreateMetricsToken(dataDir: string): string {
  return loadOrCreateKey(
    path.join(dataDir, 'keys', 'metrics-token'),
    (text) => text.trim(),
    () => {
      const token = randomBytes(32).toString('base64url');
      return { key: token, privatePem: `${token}\n` };
    },
  );
}
