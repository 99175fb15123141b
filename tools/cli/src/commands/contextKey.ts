import { createContextKeyFiles } from '@civicgraph/platform';

/**
 * `civicgraph context-key --out DIR`: a new context-signing key pair for a deployment or a key rotation —
 * the gateways' private key (`context-signing-key.pem`, owner-only), the subgraphs' public key
 * (`context-signing-key.pub.pem`) and each subgraph's binding key (`context-binding.<subgraph>.key`,
 * owner-only). Never overwrites: a rotation writes the new keys to a new folder.
 */
export function contextKeyCommand(out: string): void {
  let files;
  try {
    files = createContextKeyFiles(out);
  } catch (error) {
    throw new Error(`--out: ${(error as Error).message}`, { cause: error });
  }
  const bindings = Object.entries(files.bindingKeyFiles).map(
    ([subgraph, file]) => `and ${file} (the ${subgraph} subgraph's CONTEXT_BINDING_KEY_FILE; owner-only)`,
  );
  console.log(
    [
      `wrote ${files.privateKeyFile} (the gateways' CONTEXT_SIGNING_KEY_FILE; owner-only)`,
      `and ${files.publicKeyFile} (the subgraphs' CONTEXT_PUBLIC_KEY_FILE)`,
      ...bindings,
    ].join('\n'),
  );
}
