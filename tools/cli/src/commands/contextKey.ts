import { createContextKeyFiles } from '@civicgraph/platform';

/**
 * `civicgraph context-key --out DIR`: a new context-signing key pair for a deployment or a key rotation —
 * the gateways' private key (`context-signing-key.pem`, owner-only) and the subgraphs' public key
 * (`context-signing-key.pub.pem`). Never overwrites: a rotation writes the new pair to a new folder.
 */
export function contextKeyCommand(out: string): void {
  let files;
  try {
    files = createContextKeyFiles(out);
  } catch (error) {
    throw new Error(`--out: ${(error as Error).message}`, { cause: error });
  }
  console.log(`wrote ${files.privateKeyFile} (the gateways' CONTEXT_SIGNING_KEY_FILE; owner-only)
and ${files.publicKeyFile} (the subgraphs' CONTEXT_PUBLIC_KEY_FILE)`);
}
