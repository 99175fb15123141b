import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { print } from 'graphql';

export type Role = 'ADMIN' | 'REVIEWER' | 'STEWARD' | 'AUDITOR' | 'DEVELOPER';

/** The person signed in, as the console's server tells it. */
export interface Session {
  person: { username: string; displayName: string };
  role: Role;
  department: string | null;
  roles: { role: Role; department: string | null }[];
  csrfToken: string;
  expiresAt: string;
  method: 'password' | 'oidc';
}

/** A refusal from the console or the API, with its stable code. */
export class ApiError extends Error {
  constructor(
    message: string,
    readonly code: string,
  ) {
    super(message);
  }
}

let csrfToken = '';
/** Called when the session has ended (idle, expired, signed out elsewhere): the application shows sign-in. */
let onSignedOut: () => void = () => {};
export const whenSignedOut = (handler: () => void) => (onSignedOut = handler);

async function send<T>(path: string, body?: unknown): Promise<T> {
  const response = await fetch(`/console${path}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers: body === undefined ? {} : { 'content-type': 'application/json', 'x-csrf-token': csrfToken },
    body: body === undefined ? undefined : JSON.stringify(body),
    credentials: 'same-origin',
  });
  const json = (await response.json().catch(() => ({}))) as { error?: { code: string; message: string } };
  if (response.status === 401 && path !== '/api/login') onSignedOut();
  if (!response.ok) throw new ApiError(json.error?.message ?? response.statusText, json.error?.code ?? String(response.status));
  return json as T;
}

const keep = (session: Session) => ((csrfToken = session.csrfToken), session);

export const readSession = () => send<Session>('/api/session').then(keep);
export const signIn = (username: string, password: string) => send<Session>('/api/login', { username, password }).then(keep);
export const chooseRole = (role: Role, department: string | null) => send<Session>('/api/role', { role, department }).then(keep);
export const signOut = () => send<{ signedOut: true }>('/api/logout', {});
export const providers = () => send<{ password: boolean; oidc: { name: string } | null }>('/api/providers');

/** Sends a typed operation through the console to the gateway; GraphQL errors are thrown with their code. */
export async function request<TData, TVariables>(document: TypedDocumentNode<TData, TVariables>, variables?: TVariables): Promise<TData> {
  const result = await send<{ data?: TData; errors?: { message: string; extensions?: { code?: string } }[] }>('/graphql', {
    query: print(document),
    variables: variables ?? {},
  });
  if (result.errors?.length) throw new ApiError(result.errors.map((e) => e.message).join('; '), result.errors[0]!.extensions?.code ?? 'ERROR');
  return result.data!;
}
