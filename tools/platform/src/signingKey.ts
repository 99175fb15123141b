import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { generateWebhookSigningKey, webhookSigningKeyFromPem, type WebhookSigningKey } from '@civicgraph/change-feeds';
import path from 'node:path';
import { exportLicenseSigningKey, generateLicenseSigningKey, importLicenseSigningKey, type LicenseSigningKey } from '@civicgraph/license-signature';
import { SUBGRAPH_NAMES } from '@civicgraph/schema';
import {
  contextBindingKey,
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
  writeKeyFiles(file, privatePem, publicPem);
  return key;
}

/** A private key readable by its owner only (in an owner-only folder), its public half beside it as `.pub.pem`. */
function writeKeyFiles(file: string, privatePem: string, publicPem?: string): void {
  mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  writeFileSync(file, privatePem, { mode: 0o600 });
  chmodSync(file, 0o600);
  if (publicPem) writeFileSync(file.replace(/\.pem$/, '.pub.pem'), publicPem);
}

/** The license-signing key of the demo issuers. Without a data folder the key lives in memory for the process. */
export function loadOrCreateSigningKey(dataDir: string | undefined): LicenseSigningKey {
  if (!dataDir) return generateLicenseSigningKey();
  return loadOrCreateKey(path.join(dataDir, 'keys', 'license-signing-key.pem'), importLicenseSigningKey, () => {
    const key = generateLicenseSigningKey();
    return { key, privatePem: exportLicenseSigningKey(key) };
  });
}

/** The gateway's context-signing key file; its public half, for the subgraphs, is beside it as `.pub.pem`. */
const CONTEXT_KEY_FILE = 'context-signing-key.pem';

/** Each subgraph's context-binding key file, beside the signing key: `context-binding.<subgraph>.key`. */
const contextBindingKeyFile = (folder: string, subgraph: string) => path.join(folder, `context-binding.${subgraph}.key`);

/**
 * Writes each subgraph's binding key (a secret derived from the gateway's private key, owner-only) beside
 * it, where one is missing: a subgraph process is given its own file (CONTEXT_BINDING_KEY_FILE).
 */
function writeBindingKeyFiles(folder: string, key: ContextSigningKey): Record<string, string> {
  return Object.fromEntries(
    SUBGRAPH_NAMES.map((subgraph) => {
      const file = contextBindingKeyFile(folder, subgraph);
      if (!existsSync(file)) writeFileSync(file, `${contextBindingKey(key.privateKey, subgraph).toString('base64url')}\n`, { mode: 0o600 });
      return [subgraph, file];
    }),
  );
}

/**
 * A new context-signing key pair (Ed25519) written into `folder`: the gateways' private key (owner-only),
 * the subgraphs' public key beside it, and each subgraph's binding key (owner-only). Never overwrites a
 * key: a rotation writes its keys to a new folder.
 */
export function createContextKeyFiles(
  folder: string,
): ContextSigningKey & { privateKeyFile: string; publicKeyFile: string; bindingKeyFiles: Record<string, string> } {
  const privateKeyFile = path.join(folder, CONTEXT_KEY_FILE);
  const publicKeyFile = privateKeyFile.replace(/\.pem$/, '.pub.pem');
  for (const file of [privateKeyFile, publicKeyFile, ...SUBGRAPH_NAMES.map((name) => contextBindingKeyFile(folder, name))]) {
    if (existsSync(file)) throw new Error(`${file} exists; write a new key pair to another folder (keys are never overwritten)`);
  }
  const key = generateContextSigningKey();
  writeKeyFiles(
    privateKeyFile,
    key.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    key.publicKey.export({ type: 'spki', format: 'pem' }).toString(),
  );
  return { ...key, privateKeyFile, publicKeyFile, bindingKeyFiles: writeBindingKeyFiles(folder, key) };
}

/**
 * The gateway's context-signing key (Ed25519) in the data folder, created at first start with its public
 * half (`.pub.pem`) and the subgraphs' binding keys beside it, for subgraph processes. Without a data folder the key lives in memory for the process.
 */
export function loadOrCreateContextKey(dataDir: string | undefined): ContextSigningKey {
  if (!dataDir) return generateContextSigningKey();
  const file = path.join(dataDir, 'keys', CONTEXT_KEY_FILE);
  if (existsSync(file)) {
    const key = contextSigningKeyFromPem(readFileSync(file, 'utf8'));
    // A data folder from before binding keys existed gets them now (they derive from the private key).
    writeBindingKeyFiles(path.dirname(file), key);
    return key;
  }
  const { privateKey, publicKey } = createContextKeyFiles(path.dirname(file));
  return { privateKey, publicKey };
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

/** Where the Ed25519 keys that sign webhooks are kept: every `.pem` there signs. */
export function webhookKeyFolder(dataDir: string): string {
  return path.join(dataDir, 'keys', 'webhook-signing');
}

/** A new webhook-signing key in the data folder (a rotation's first step: every key there signs from the next start). */
export function addWebhookSigningKey(dataDir: string): WebhookSigningKey {
  const { key, pem } = generateWebhookSigningKey();
  writeKeyFiles(path.join(webhookKeyFolder(dataDir), `${new Date().toISOString().replace(/[:.]/g, '-')}.pem`), pem);
  return key;
}

/**
 * The keys that sign webhooks: every key in the data folder (made on first start). Rotation: add a key, restart,
 * let consumers trust its public key (`GET /feeds/keys`), then remove the old file and restart.
 */
export function loadOrCreateWebhookSigningKeys(dataDir: string | undefined): WebhookSigningKey[] {
  if (!dataDir) return [generateWebhookSigningKey().key];
  const folder = webhookKeyFolder(dataDir);
  const files = existsSync(folder)
    ? readdirSync(folder)
        .filter((f) => f.endsWith('.pem') && !f.endsWith('.pub.pem'))
        .sort()
    : [];
  if (!files.length) return [addWebhookSigningKey(dataDir)];
  return files.map((f) => webhookSigningKeyFromPem(readFileSync(path.join(folder, f), 'utf8')));
}
