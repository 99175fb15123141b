import type { GraphQLResponse } from '@civicgraph/platform';

/** A browser's view of the console, without the browser: its session cookie and CSRF token. */
export interface ConsoleSession {
  cookie: string;
  csrfToken: string;
  role: string;
  department: string | null;
}

/** Signs in with a local account; throws with the console's answer when refused. */
export async function signIn(origin: string, username: string, password: string): Promise<ConsoleSession> {
  const response = await fetch(`${origin}/console/api/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin },
    body: JSON.stringify({ username, password }),
  });
  const body = (await response.json()) as { csrfToken: string; role: string; department: string | null; error?: unknown };
  if (response.status !== 200) throw new Error(`sign-in refused (${response.status}): ${JSON.stringify(body)}`);
  const cookie = /^(cg_console=[^;]+)/.exec(response.headers.get('set-cookie') ?? '')![1]!;
  return { cookie, csrfToken: body.csrfToken, role: body.role, department: body.department };
}

/** A GraphQL request as the console's web application sends it. */
export async function consoleQuery(
  origin: string,
  session: ConsoleSession,
  query: string,
  variables: Record<string, unknown> = {},
  headers: Record<string, string> = {},
): Promise<GraphQLResponse> {
  const response = await fetch(`${origin}/console/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin, cookie: session.cookie, 'x-csrf-token': session.csrfToken, ...headers },
    body: JSON.stringify({ query, variables }),
  });
  return { status: response.status, headers: response.headers, body: (await response.json()) as GraphQLResponse['body'] };
}

/** Acts in another of the person's roles. */
export async function chooseRole(origin: string, session: ConsoleSession, role: string, department: string | null): Promise<ConsoleSession> {
  const response = await fetch(`${origin}/console/api/role`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin, cookie: session.cookie, 'x-csrf-token': session.csrfToken },
    body: JSON.stringify({ role, department }),
  });
  if (response.status !== 200) throw new Error(`role refused (${response.status})`);
  return { ...session, role, department };
}
