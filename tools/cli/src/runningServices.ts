import { readFileSync } from 'node:fs';
import path from 'node:path';
import { SUBGRAPH_NAMES, type SubgraphName } from '@civicgraph/schema';
import { subgraphPortsOf, type Env } from './cliEnvironment';

/**
 * Where the services of a running `npm start` answer: the gateway (CIVICGRAPH_URL, or PORT) and the five
 * subgraphs on their ports. What the commands that cannot open embedded databases a server holds ask instead.
 */
export function runningServiceOrigins(env: Env): { gateway: string; subgraphs: Record<SubgraphName, string> } {
  const gateway = new URL(env.CIVICGRAPH_URL ?? `http://localhost:${env.PORT}/graphql`);
  const ports = subgraphPortsOf(env);
  if (ports === 0) throw new Error('the databases are open in a running server on ports this command cannot know (SUBGRAPH_PORT_BASE=0)');
  const subgraphs = Object.fromEntries(SUBGRAPH_NAMES.map((name) => [name, `${gateway.protocol}//${gateway.hostname}:${ports[name]}`])) as Record<
    SubgraphName,
    string
  >;
  return { gateway: gateway.origin, subgraphs };
}

/** GET a running service's route, with a message naming it when it does not answer. */
export async function askService(origin: string, route: string, headers: Record<string, string> = {}): Promise<Response> {
  try {
    return await fetch(`${origin}${route}`, { headers });
  } catch (error) {
    throw new Error(`${origin} did not answer (${(error as Error).message}): is every service running?`, { cause: error });
  }
}

/** The operators' token a running `npm start` accepts: METRICS_TOKEN, else the one it keeps in the data folder. */
export function operatorsToken(env: Env): string {
  if (env.METRICS_TOKEN) return env.METRICS_TOKEN;
  try {
    return readFileSync(path.join(env.CIVICGRAPH_DATA_DIR, 'keys', 'metrics-token'), 'utf8').trim();
  } catch {
    throw new Error(`the databases are open in a running server, and no operators' token to ask it with: set METRICS_TOKEN`);
  }
}
