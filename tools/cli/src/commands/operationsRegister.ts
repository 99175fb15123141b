import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { callAdminApi } from '../adminApi';
import type { Env } from '../cliEnvironment';

const REGISTER = `mutation Register($scenario: String!, $documents: [String!]!) {
  registerOperations(scenarioCode: $scenario, documents: $documents) { id name coordinates }
}`;

interface RegisterAnswer {
  registerOperations: { id: string; name: string | null; coordinates: string[] }[];
}

/**
 * The documents in a file: a persisted-documents manifest (`{ "<sha256>": "<document>" }`, as GraphQL
 * Code Generator's client preset writes it; each id is checked against its text), or one `.graphql` file.
 */
export function documentsIn(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  if (!/\.json$/i.test(file)) return [text];
  let manifest: unknown;
  try {
    manifest = JSON.parse(text);
  } catch {
    throw new Error(`${file} is not JSON`);
  }
  if (!manifest || typeof manifest !== 'object' || Array.isArray(manifest))
    throw new Error(`${file} is not a persisted-documents manifest ({ "<sha256>": "<document>" })`);
  return Object.entries(manifest).map(([id, document]) => {
    if (typeof document !== 'string') throw new Error(`${file}: the document of ${id} is not text`);
    const actual = createHash('sha256').update(document).digest('hex');
    if (id.replace(/^sha256:/, '') !== actual)
      throw new Error(`${file}: ${id} is not the SHA-256 of its document (${actual}); was the manifest made with hashAlgorithm sha256?`);
    return document;
  });
}

/**
 * `civicgraph operations register --scenario S FILE…`: registers a client's operations for a scenario
 * through the running gateway's admin API (works beside `npm start`), with the administrator key in
 * CIVICGRAPH_ADMIN_KEY.
 */
export async function operationsRegisterCommand(env: Env, scenario: string, files: readonly string[]): Promise<void> {
  if (!files.length) throw new Error('operations register needs files: a persisted-documents manifest (.json) or .graphql files');
  const documents = files.flatMap((file) => documentsIn(path.resolve(file)));
  let registered: RegisterAnswer['registerOperations'];
  try {
    ({ registerOperations: registered } = await callAdminApi<RegisterAnswer>(env, 'operations register', REGISTER, { scenario, documents }));
  } catch (error) {
    throw new Error(`scenario "${scenario}": nothing registered\n${(error as Error).message}`, { cause: error });
  }
  for (const operation of registered) console.log(`${operation.id}  ${operation.name ?? '(anonymous)'}  ${operation.coordinates.length} fields`);
  console.log(`${registered.length} operation(s) registered for scenario "${scenario}"`);
}
