import { createHash, randomBytes } from 'node:crypto';

/** A freshly issued key: `secret` is shown once and never stored; `hash` and `prefix` are. */
export interface IssuedApiKey {
  secret: string;
  prefix: string;
  hash: string;
}

const PREFIX = 'cg_';

/** 256 random bits, base64url, with a recognisable prefix (so secret scanners and people can spot a leaked key). */
export function issueApiKey(): IssuedApiKey {
  const secret = `${PREFIX}${randomBytes(32).toString('base64url')}`;
  return { secret, prefix: secret.slice(0, 10), hash: hashApiKey(secret) };
}

/**
 * SHA-256 is enough here: the secret has 256 bits of entropy, so there is nothing for a slow hash to
 * protect against, and the gateway computes it on every request.
 */
export function hashApiKey(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}
