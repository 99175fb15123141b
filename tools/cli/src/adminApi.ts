import type { Env } from './cliEnvironment';

interface AdminAnswer<T> {
  data?: T | null;
  errors?: { message: string; extensions?: { code?: string; problems?: { argument: string; reason: string }[] } }[];
}

/**
 * Calls the running gateway's admin API with the administrator key in CIVICGRAPH_ADMIN_KEY: how the
 * commands that change or read governance work beside `npm start` (no database of their own opened).
 * Errors come back as one message, each problem on a line of its own.
 */
/** The running gateway's GraphQL URL: CIVICGRAPH_URL, else the local one on PORT. */
export const gatewayUrl = (env: Pick<Env, 'CIVICGRAPH_URL' | 'PORT'>) => env.CIVICGRAPH_URL ?? `http://localhost:${env.PORT}/graphql`;

export async function callAdminApi<T>(
  env: Pick<Env, 'CIVICGRAPH_ADMIN_KEY' | 'CIVICGRAPH_URL' | 'PORT'>,
  command: string,
  query: string,
  variables: Record<string, unknown>,
): Promise<T> {
  if (!env.CIVICGRAPH_ADMIN_KEY) throw new Error(`${command} needs an administrator key in CIVICGRAPH_ADMIN_KEY (see civicgraph admin:key)`);
  const url = gatewayUrl(env);
  let response: Response;
  try {
    response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${env.CIVICGRAPH_ADMIN_KEY}` },
      body: JSON.stringify({ query, variables }),
    });
  } catch (error) {
    throw new Error(`the gateway at ${url} did not answer (${(error as Error).message}); is it running? (CIVICGRAPH_URL names another)`, { cause: error });
  }
  const answer = (await response.json()) as AdminAnswer<T>;
  if (answer.errors?.length) {
    const lines = answer.errors.flatMap((e) => [
      `${e.extensions?.code ?? 'ERROR'}: ${e.message}`,
      ...(e.extensions?.problems ?? []).map((p) => `  ${p.argument}: ${p.reason}`),
    ]);
    throw new Error(lines.join('\n'));
  }
  return answer.data!;
}
