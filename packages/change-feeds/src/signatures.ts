import { createPrivateKey, createPublicKey, generateKeyPairSync, randomBytes, sign, verify, type KeyObject } from 'node:crypto';
import { Webhook } from 'standardwebhooks';

/**
 * Webhook signatures per the Standard Webhooks specification (https://www.standardwebhooks.com): the signed
 * content is `<webhook-id>.<webhook-timestamp>.<body>`, and `webhook-signature` lists every signature, space
 * separated. Each delivery carries two kinds:
 *
 * - `v1a,…` — Ed25519 by the platform's keys, which anyone can verify with the published `whpk_…` public keys.
 *   While keys rotate, every key in service signs, so a consumer holding either verifies.
 * - `v1,…` — HMAC-SHA256 with the subscription's own secret (`whsec_…`, shown once), made by the
 *   specification's reference library, which verifies it; after a secret is rotated the previous one signs
 *   too for a day.
 */

/** An Ed25519 key the platform signs webhooks with. */
export interface WebhookSigningKey {
  /** Names the key among the published ones (its public key's first characters). */
  id: string;
  privateKey: KeyObject;
  /** `whpk_` and the raw public key in base64, as the specification writes it. */
  publicKey: string;
}

const RAW_ED25519_SPKI_PREFIX = Buffer.from('302a300506032b6570032100', 'hex');

function publicKeyText(key: KeyObject): string {
  const der = createPublicKey(key).export({ format: 'der', type: 'spki' });
  return `whpk_${der.subarray(RAW_ED25519_SPKI_PREFIX.length).toString('base64')}`;
}

/** A signing key from its PKCS#8 PEM (as written by `generateWebhookSigningKey`). */
export function webhookSigningKeyFromPem(pem: string): WebhookSigningKey {
  const privateKey = createPrivateKey(pem);
  const publicKey = publicKeyText(privateKey);
  return { id: publicKey.slice(5, 17), privateKey, publicKey };
}

/** A new Ed25519 signing key, and its PEM to keep. */
export function generateWebhookSigningKey(): { key: WebhookSigningKey; pem: string } {
  const { privateKey } = generateKeyPairSync('ed25519');
  const pem = privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
  return { key: webhookSigningKeyFromPem(pem), pem };
}

/** The public key of a `whpk_…` text, for verifying `v1a` signatures. */
export function webhookPublicKey(text: string): KeyObject {
  if (!text.startsWith('whpk_')) throw new Error('A Standard Webhooks public key starts with whpk_');
  return createPublicKey({ key: Buffer.concat([RAW_ED25519_SPKI_PREFIX, Buffer.from(text.slice(5), 'base64')]), format: 'der', type: 'spki' });
}

/** A new symmetric secret for a subscription: `whsec_` and 32 random bytes in base64. */
export function generateWebhookSecret(): string {
  return `whsec_${randomBytes(32).toString('base64')}`;
}

export interface SignedHeaders {
  'webhook-id': string;
  'webhook-timestamp': string;
  'webhook-signature': string;
}

/** The three Standard Webhooks headers of one delivery: every key and every secret in service signs. */
export function signWebhook(id: string, at: Date, body: string, keys: readonly WebhookSigningKey[], secrets: readonly string[]): SignedHeaders {
  const timestamp = Math.floor(at.getTime() / 1000);
  const content = Buffer.from(`${id}.${timestamp}.${body}`);
  const signatures = [
    ...keys.map((k) => `v1a,${sign(null, content, k.privateKey).toString('base64')}`),
    ...secrets.map((s) => new Webhook(s).sign(id, new Date(timestamp * 1000), body)),
  ];
  return { 'webhook-id': id, 'webhook-timestamp': String(timestamp), 'webhook-signature': signatures.join(' ') };
}

/** Whether any `v1a` signature of the headers verifies under the public key (`whpk_…`): what a consumer runs. */
export function verifyAsymmetricSignature(headers: SignedHeaders, body: string, publicKey: string): boolean {
  const key = webhookPublicKey(publicKey);
  const content = Buffer.from(`${headers['webhook-id']}.${headers['webhook-timestamp']}.${body}`);
  return headers['webhook-signature']
    .split(' ')
    .filter((s) => s.startsWith('v1a,'))
    .some((s) => verify(null, content, key, Buffer.from(s.slice(4), 'base64')));
}
