import { chmodSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { generateContextSigningKey } from '@civicgraph/policy';

/**
 * `civicgraph context-key --out DIR`: a new context-signing key pair for a deployment or a key rotation —
 * the gateways' private key (`context-signing-key.pem`, owner-only) and the subgraphs' public key
 * (`context-signing-key.pub.pem`). Never overwrites: a rotation writes the new pair to a new folder.
 */
export function contextKeyCommand(out: string): void {
  const privateFile = path.join(out, 'context-signing-key.pem');
  const publicFile = path.join(out, 'context-signing-key.pub.pem');
  for (const file of [privateFile, publicFile]) {
    if (existsSync(file)) throw new Error(`--out: ${file} exists; write a new key pair to another folder (keys are never overwritten)`);
  }
  const key = generateContextSigningKey();
  mkdirSync(out, { recursive: true, mode: 0o700 });
  writeFileSync(privateFile, key.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(), { mode: 0o600 });
  chmodSync(privateFile, 0o600);
  writeFileSync(publicFile, key.publicKey.export({ type: 'spki', format: 'pem' }).toString());
  console.log(`wrote ${privateFile} (the gateways' CONTEXT_SIGNING_KEY_FILE; owner-only)
and ${publicFile} (the subgraphs' CONTEXT_PUBLIC_KEY_FILE)`);
}
