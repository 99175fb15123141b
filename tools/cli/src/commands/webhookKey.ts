import { addWebhookSigningKey } from '@civicgraph/platform';
import type { Env } from '../cliEnvironment';

/**
 * `civicgraph webhook-key`: adds an Ed25519 key that signs webhooks (the first step of a rotation). From the next
 * start every key in the folder signs; remove the old key's file once consumers trust the new public key.
 */
export function webhookKeyCommand(env: Env): void {
  const key = addWebhookSigningKey(env.CIVICGRAPH_DATA_DIR);
  console.log(`added webhook-signing key ${key.id}: public key ${key.publicKey} (served at GET /feeds/keys from the next start)`);
}
