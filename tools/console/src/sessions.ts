import { createHash, randomBytes } from 'node:crypto';
import type { PrismaClient, StaffAccount, StaffRole as StaffRoleRow, StaffSession } from '@civicgraph/prisma/governance';
import type { StaffRole } from '@civicgraph/policy';

export interface SessionLimits {
  /** A session unused this long ends, ms. Default 30 minutes. */
  idleMs?: number;
  /** A session ends this long after sign-in whatever its use, ms. Default 8 hours (a working day). */
  absoluteMs?: number;
}

export const DEFAULT_IDLE_MS = 30 * 60_000;
export const DEFAULT_ABSOLUTE_MS = 8 * 60 * 60_000;
/** Last-seen times are written at most this often: a burst of requests costs one write. */
const TOUCH_EVERY_MS = 30_000;

/** A session as the console acts on it: the person, the role they act in, and every role they hold. */
export interface ActiveSession {
  session: StaffSession;
  account: StaffAccount;
  roles: StaffRoleRow[];
}

const sessionId = (token: string) => createHash('sha256').update(token).digest('hex');
const randomToken = () => randomBytes(32).toString('base64url');

/** A role the account holds, by kind and department (the first when none is asked for). */
export function heldRole(roles: readonly StaffRoleRow[], role?: StaffRole, departmentCode?: string | null): StaffRoleRow | undefined {
  if (!role) return roles[0];
  return roles.find((r) => r.role === role && (r.departmentCode ?? null) === (departmentCode ?? null));
}

/** Starts a session for a signed-in person, acting in their first role. Returns the token for the cookie (kept only hashed). */
export async function startSession(prisma: PrismaClient, account: StaffAccount, method: 'password' | 'oidc', limits: SessionLimits = {}, now = new Date()) {
  const roles = await prisma.staffRole.findMany({ where: { accountId: account.id }, orderBy: [{ role: 'asc' }, { departmentCode: 'asc' }] });
  const first = heldRole(roles);
  if (!first) return null;
  const token = randomToken();
  await prisma.staffSession.create({
    data: {
      id: sessionId(token),
      accountId: account.id,
      role: first.role,
      departmentCode: first.departmentCode,
      csrfToken: randomToken(),
      method,
      createdAt: now,
      lastSeenAt: now,
      expiresAt: new Date(now.getTime() + (limits.absoluteMs ?? DEFAULT_ABSOLUTE_MS)),
    },
  });
  return token;
}

/**
 * The live session a cookie's token names, or null: unknown, signed out, idle or past its absolute limit,
 * the account disabled, or the role it acts in taken away since. Use moves its idle limit on.
 */
export async function readSession(
  prisma: PrismaClient,
  token: string | undefined,
  limits: SessionLimits = {},
  now = new Date(),
): Promise<ActiveSession | null> {
  if (!token || token.length > 64) return null;
  const session = await prisma.staffSession.findUnique({ where: { id: sessionId(token) }, include: { account: { include: { roles: true } } } });
  if (!session || session.endedAt) return null;
  const idle = now.getTime() - session.lastSeenAt.getTime() > (limits.idleMs ?? DEFAULT_IDLE_MS);
  const { account, ...row } = session;
  const acting = heldRole(account.roles, session.role, session.departmentCode);
  if (idle || session.expiresAt <= now || account.disabledAt || !acting) {
    await prisma.staffSession.update({ where: { id: session.id }, data: { endedAt: now } });
    return null;
  }
  if (now.getTime() - session.lastSeenAt.getTime() > TOUCH_EVERY_MS) await prisma.staffSession.update({ where: { id: session.id }, data: { lastSeenAt: now } });
  const { roles, ...person } = account;
  return {
    session: row,
    account: person,
    roles: [...roles].sort((a, b) => a.role.localeCompare(b.role) || (a.departmentCode ?? '').localeCompare(b.departmentCode ?? '')),
  };
}

/** Acts in another of the person's roles from now on. */
export function switchRole(prisma: PrismaClient, active: ActiveSession, role: StaffRoleRow): Promise<StaffSession> {
  return prisma.staffSession.update({ where: { id: active.session.id }, data: { role: role.role, departmentCode: role.departmentCode } });
}

export async function endSession(prisma: PrismaClient, active: ActiveSession, now = new Date()): Promise<void> {
  await prisma.staffSession.update({ where: { id: active.session.id }, data: { endedAt: now } });
}
