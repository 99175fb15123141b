import { createHash } from 'node:crypto';

/** A fixed UUID (version 8, from SHA-256) for a name: the same on every installation, so no lookup is needed to find it. */
export function namedUuid(name: string): string {
  const digest = createHash('sha256').update(name).digest();
  digest[6] = (digest[6]! & 0x0f) | 0x80;
  digest[8] = (digest[8]! & 0x3f) | 0x80;
  const hex = digest.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
