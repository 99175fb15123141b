import { existsSync, readFileSync, statSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';
import type { PrismaClient, StaffRoleKind } from '@civicgraph/prisma/governance';
import { consoleDepartment } from '@civicgraph/governance-subgraph';
import { STAFF_HEADER, type StaffAssertions, type StaffRole } from '@civicgraph/policy';
import { readBody, sendJson, type Logger, type RouteHandler } from '@civicgraph/server';
import type { OidcSignIn } from './oidc';
import { endSession, heldRole, readSession, startSession, switchRole, type ActiveSession, type SessionLimits } from './sessions';
import { verifyStaffPassword } from './staffAccounts';

/** Where the console is served. */
export const CONSOLE_PATH = '/console';
const SESSION_COOKIE = 'cg_console';
const OIDC_COOKIE = 'cg_console_oidc';
const CSRF_HEADER = 'x-csrf-token';
/** What the console sends as the use reason of its requests (the request log keeps it beside the person). */
const CONSOLE_USE_REASON = encodeURIComponent('治理控制台 governance console');

/** The built web application (`npm run build:web -w @civicgraph/console`). */
export const WEB_ROOT = path.join(__dirname, '../web/dist');

export interface ConsoleOptions {
  prisma: PrismaClient;
  /** Shared with this process's gateway: the console names the person behind each request with it. */
  staffAssertions: StaffAssertions;
  /** The gateway's own address in this process, for the console's GraphQL requests. */
  gatewayUrl: () => string;
  sessions?: SessionLimits;
  /** Sign-in through the city's OpenID Connect provider; without it, local accounts only. */
  oidc?: OidcSignIn;
  /** Failed sign-ins a username may have in 15 minutes before it is refused for the rest of them. Default 10. */
  failedSignInsPerWindow?: number;
  logger: Logger;
  /** Clock, for tests of timeouts. */
  now?: () => Date;
}

// Everything from this origin; the component library sets styles inline.
const CSP =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; form-action 'self'; base-uri 'none'";
const SECURITY_HEADERS = { 'content-security-policy': CSP, 'x-content-type-options': 'nosniff', 'referrer-policy': 'same-origin', 'x-frame-options': 'DENY' };

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.json': 'application/json; charset=utf-8',
  '.woff2': 'font/woff2',
};

function cookiesOf(req: IncomingMessage): Map<string, string> {
  const cookies = new Map<string, string>();
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const at = part.indexOf('=');
    if (at > 0) cookies.set(part.slice(0, at).trim(), part.slice(at + 1).trim());
  }
  return cookies;
}

/** Secure and HttpOnly always (browsers keep Secure cookies of http://localhost too); Strict for the session. */
function cookie(
  name: string,
  value: string,
  { maxAge, path: cookiePath = CONSOLE_PATH, sameSite = 'Strict' }: { maxAge?: number; path?: string; sameSite?: string } = {},
) {
  return `${name}=${value}; Path=${cookiePath}; HttpOnly; Secure; SameSite=${sameSite}${maxAge !== undefined ? `; Max-Age=${maxAge}` : ''}`;
}

function refuse(res: ServerResponse, status: number, code: string, message: string, headers: Record<string, string> = {}) {
  sendJson(res, status, { error: { code, message } }, { 'cache-control': 'no-store', ...headers });
}

/** The origin a request was sent to, as the browser names it in `Origin`. */
function ownOrigin(req: IncomingMessage): string {
  const secure = (req.socket as { encrypted?: boolean }).encrypted || req.headers['x-forwarded-proto'] === 'https';
  return `${secure ? 'https' : 'http'}://${req.headers.host ?? ''}`;
}

/** A change must come from a page of this origin (no cross-site form or fetch can send it). */
function fromOwnPage(req: IncomingMessage): boolean {
  const origin = req.headers.origin;
  return origin === undefined || origin === ownOrigin(req);
}

async function jsonBody(req: IncomingMessage): Promise<Record<string, unknown> | null> {
  if (!/^application\/json\b/i.test(req.headers['content-type'] ?? '')) return null;
  const text = await readBody(req, 16 * 1024);
  try {
    const value: unknown = text === null ? null : JSON.parse(text);
    return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

/** What the web application is told about the person signed in. */
function sessionView(active: ActiveSession) {
  return {
    person: { username: active.account.username, displayName: active.account.displayName },
    role: active.session.role,
    department: active.session.departmentCode,
    roles: active.roles.map((r) => ({ role: r.role, department: r.departmentCode })),
    csrfToken: active.session.csrfToken,
    expiresAt: active.session.expiresAt.toISOString(),
    method: active.session.method,
  };
}

/** Counts failed sign-ins per username (and per address) in 15-minute windows, in this process. */
function signInThrottle(limit: number) {
  const windowMs = 15 * 60_000;
  const failures = new Map<string, { count: number; until: number }>();
  return {
    /** A username is refused after `limit` failures; an address (many people behind one) after ten times as many. */
    refused: (keys: string[]) =>
      keys.some((k) => (failures.get(k)?.until ?? 0) > Date.now() && failures.get(k)!.count >= (k.startsWith('a:') ? limit * 10 : limit)),
    failed(keys: string[]) {
      for (const key of keys) {
        const entry = failures.get(key);
        if (!entry || entry.until <= Date.now()) failures.set(key, { count: 1, until: Date.now() + windowMs });
        else entry.count++;
      }
      if (failures.size > 100_000) failures.clear();
    },
  };
}

/**
 * The console's routes under `/console`: the web application, sign-in (password, OpenID Connect) and
 * sign-out, the session, switching roles, and `/console/graphql`, which sends the application's requests
 * to the gateway as the console application of the person's role, naming the person.
 */
export function createConsoleRoutes(options: ConsoleOptions): RouteHandler {
  const { prisma, staffAssertions, logger } = options;
  const now = options.now ?? (() => new Date());
  const throttle = signInThrottle(options.failedSignInsPerWindow ?? 10);
  const session = (req: IncomingMessage) => readSession(prisma, cookiesOf(req).get(SESSION_COOKIE), options.sessions, now());

  /** The session, for a change: signed in, from a page of this origin, with the session's CSRF token. */
  async function sessionForChange(req: IncomingMessage, res: ServerResponse): Promise<ActiveSession | null> {
    const active = await session(req);
    if (!active) return (refuse(res, 401, 'UNAUTHENTICATED', 'Sign in to the console'), null);
    if (!fromOwnPage(req) || req.headers[CSRF_HEADER] !== active.session.csrfToken)
      return (refuse(res, 403, 'CSRF', 'The request did not come from the console (its CSRF token is missing or wrong)'), null);
    return active;
  }

  async function signedIn(res: ServerResponse, token: string | null, redirect?: string) {
    if (!token) return refuse(res, 403, 'FORBIDDEN', 'This account holds no console role');
    const setCookie = cookie(SESSION_COOKIE, token);
    if (redirect) {
      // A page of our own moves the browser on, so the next request is same-site and carries the Strict cookie.
      res.writeHead(200, {
        ...SECURITY_HEADERS,
        'content-type': 'text/html; charset=utf-8',
        'set-cookie': [setCookie, cookie(OIDC_COOKIE, '', { maxAge: 0, path: `${CONSOLE_PATH}/oidc` })],
        'cache-control': 'no-store',
      });
      return res.end(`<!doctype html><meta charset="utf-8"><meta http-equiv="refresh" content="0;url=${redirect}"><title>CivicGraph</title>`);
    }
    const active = await readSession(prisma, token, options.sessions, now());
    sendJson(res, 200, sessionView(active!), { 'set-cookie': setCookie, 'cache-control': 'no-store' });
  }

  async function login(req: IncomingMessage, res: ServerResponse) {
    if (!fromOwnPage(req)) return refuse(res, 403, 'CSRF', 'Sign in from the console');
    const body = await jsonBody(req);
    const username = typeof body?.username === 'string' ? body.username.trim().toLowerCase() : '';
    const password = typeof body?.password === 'string' ? body.password : '';
    if (!username || !password || password.length > 1024) return refuse(res, 400, 'BAD_USER_INPUT', 'Give a username and a password');
    const keys = [`u:${username}`, `a:${req.socket.remoteAddress ?? ''}`];
    if (throttle.refused(keys)) return refuse(res, 429, 'RATE_LIMITED', 'Too many failed sign-ins: try again in 15 minutes', { 'retry-after': '900' });
    const account = await verifyStaffPassword(prisma, username, password);
    if (!account) {
      throttle.failed(keys);
      logger.warn({ username, address: req.socket.remoteAddress }, 'console sign-in refused');
      return refuse(res, 401, 'UNAUTHENTICATED', 'The username or password is wrong, or the account is disabled');
    }
    logger.info({ username }, 'console sign-in');
    await signedIn(res, await startSession(prisma, account, 'password', options.sessions, now()));
  }

  async function oidcLogin(req: IncomingMessage, res: ServerResponse) {
    if (!options.oidc) return refuse(res, 404, 'NOT_FOUND', 'This console signs in with local accounts only');
    let attempt: Awaited<ReturnType<OidcSignIn['begin']>>;
    try {
      attempt = await options.oidc.begin(`${ownOrigin(req)}${CONSOLE_PATH}/oidc/callback`);
    } catch (error) {
      logger.error({ err: error }, 'the OpenID Connect provider cannot be reached');
      return refuse(res, 503, 'OWNER_UNAVAILABLE', 'The identity provider cannot be reached now: try again, or sign in with a local account');
    }
    const kept = Buffer.from(JSON.stringify({ state: attempt.state, nonce: attempt.nonce, verifier: attempt.verifier })).toString('base64url');
    // Lax: the provider's redirect back is a cross-site navigation, which a Strict cookie would not follow.
    res.writeHead(302, {
      location: attempt.url.href,
      'set-cookie': cookie(OIDC_COOKIE, kept, { maxAge: 600, path: `${CONSOLE_PATH}/oidc`, sameSite: 'Lax' }),
      'cache-control': 'no-store',
    });
    res.end();
  }

  async function oidcCallback(req: IncomingMessage, res: ServerResponse) {
    if (!options.oidc) return refuse(res, 404, 'NOT_FOUND', 'This console signs in with local accounts only');
    let kept: { state: string; nonce: string; verifier: string };
    try {
      kept = JSON.parse(Buffer.from(cookiesOf(req).get(OIDC_COOKIE) ?? '', 'base64url').toString('utf8'));
    } catch {
      return refuse(res, 400, 'BAD_REQUEST', 'The sign-in took too long or was not started here: start again');
    }
    let identity: { issuer: string; subject: string };
    try {
      identity = await options.oidc.finish(new URL(req.url!, ownOrigin(req)), kept);
    } catch (error) {
      logger.warn({ err: error }, 'OpenID Connect sign-in refused');
      return refuse(res, 401, 'UNAUTHENTICATED', 'The identity provider’s answer could not be verified: start again');
    }
    const account = await prisma.staffAccount.findUnique({ where: { oidcIssuer_oidcSubject: { oidcIssuer: identity.issuer, oidcSubject: identity.subject } } });
    if (!account || account.disabledAt) return refuse(res, 403, 'FORBIDDEN', 'No console account is linked to this identity: ask an administrator');
    logger.info({ username: account.username }, 'console sign-in (OpenID Connect)');
    await signedIn(res, await startSession(prisma, account, 'oidc', options.sessions, now()), `${CONSOLE_PATH}/`);
  }

  async function chooseRole(req: IncomingMessage, res: ServerResponse) {
    const active = await sessionForChange(req, res);
    if (!active) return;
    const body = await jsonBody(req);
    if (typeof body?.role !== 'string' || (body.department !== null && body.department !== undefined && typeof body.department !== 'string'))
      return refuse(res, 400, 'BAD_USER_INPUT', 'Name the role (and its department) to act in');
    const role = heldRole(active.roles, body.role as StaffRoleKind, (body.department as string | null | undefined) ?? null);
    if (!role) return refuse(res, 403, 'FORBIDDEN', 'You do not hold that role');
    await switchRole(prisma, active, role);
    sendJson(res, 200, sessionView((await session(req))!), { 'cache-control': 'no-store' });
  }

  async function logout(req: IncomingMessage, res: ServerResponse) {
    const active = await sessionForChange(req, res);
    if (!active) return;
    await endSession(prisma, active, now());
    sendJson(res, 200, { signedOut: true }, { 'set-cookie': cookie(SESSION_COOKIE, '', { maxAge: 0 }), 'cache-control': 'no-store' });
  }

  /** The web application's GraphQL, sent on to the gateway as the person's role. */
  async function graphql(req: IncomingMessage, res: ServerResponse) {
    const active = await sessionForChange(req, res);
    if (!active) return;
    const body = await readBody(req, 1024 * 1024);
    if (body === null) return refuse(res, 413, 'BAD_REQUEST', 'The request body is larger than 1 MiB');
    const role = active.session.role as StaffRole;
    const assertion = await staffAssertions.sign({
      person: active.account.username,
      role,
      department: consoleDepartment(role, active.session.departmentCode),
    });
    let answer: Response;
    try {
      answer = await fetch(`${options.gatewayUrl()}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', [STAFF_HEADER]: assertion, 'x-use-reason': CONSOLE_USE_REASON },
        body,
      });
    } catch (error) {
      logger.error({ err: error }, 'the console could not reach its gateway');
      return refuse(res, 503, 'UNAVAILABLE', 'The gateway cannot be reached now: try again');
    }
    const text = await answer.text();
    res.writeHead(answer.status, {
      'content-type': answer.headers.get('content-type') ?? 'application/json; charset=utf-8',
      'cache-control': 'no-store',
      ...(answer.headers.get('x-request-id') ? { 'x-request-id': answer.headers.get('x-request-id')! } : {}),
    });
    res.end(text);
  }

  function serveFile(req: IncomingMessage, res: ServerResponse, relative: string) {
    if (!existsSync(WEB_ROOT)) return refuse(res, 503, 'UNAVAILABLE', 'The console is not built: npm run build:web -w @civicgraph/console');
    const file = path.resolve(WEB_ROOT, relative);
    const isAsset = file.startsWith(WEB_ROOT + path.sep) && existsSync(file) && statSync(file).isFile();
    // Any other path is a page of the application: it routes in the browser.
    const served = isAsset ? file : path.join(WEB_ROOT, 'index.html');
    const immutable = isAsset && relative.startsWith('assets/');
    res.writeHead(200, {
      ...SECURITY_HEADERS,
      'content-type': CONTENT_TYPES[path.extname(served)] ?? 'application/octet-stream',
      'cache-control': immutable ? 'public, max-age=31536000, immutable' : 'no-cache',
    });
    res.end(req.method === 'HEAD' ? undefined : readFileSync(served));
  }

  const posts: Record<string, (req: IncomingMessage, res: ServerResponse) => Promise<void>> = {
    '/api/login': login,
    '/api/logout': logout,
    '/api/role': chooseRole,
    '/graphql': graphql,
  };

  return async (req, res) => {
    let pathname: string;
    try {
      pathname = decodeURI((req.url ?? '/').split('?')[0]!).slice(CONSOLE_PATH.length) || '/';
    } catch {
      return refuse(res, 400, 'BAD_REQUEST', 'The path is not valid percent-encoded text');
    }
    if (req.method === 'POST') {
      const handler = posts[pathname];
      return handler ? handler(req, res) : refuse(res, 404, 'NOT_FOUND', `No console action ${pathname}`);
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') return refuse(res, 405, 'BAD_REQUEST', 'The console answers GET and POST', { allow: 'GET, HEAD, POST' });
    if (pathname === '/api/session') {
      const active = await session(req);
      return active ? sendJson(res, 200, sessionView(active), { 'cache-control': 'no-store' }) : refuse(res, 401, 'UNAUTHENTICATED', 'Sign in to the console');
    }
    if (pathname === '/api/providers') return sendJson(res, 200, { password: true, oidc: options.oidc ? { name: options.oidc.name } : null });
    if (pathname === '/oidc/login') return oidcLogin(req, res);
    if (pathname === '/oidc/callback') return oidcCallback(req, res);
    if (pathname.startsWith('/api/')) return refuse(res, 404, 'NOT_FOUND', `No console route ${pathname}`);
    return serveFile(req, res, pathname.replace(/^\/+/, ''));
  };
}
