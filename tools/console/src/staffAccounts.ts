import { randomUUID } from 'node:crypto';
import { hash, verify } from '@node-rs/argon2';
import type { PrismaClient, StaffAccount, StaffRole as StaffRoleRow } from '@civicgraph/prisma/governance';
import { consoleDepartment, ensureConsoleApplication, ensureDepartments } from '@civicgraph/governance-subgraph';
import { DEPARTMENT_ROLES, STAFF_ROLES, type StaffRole } from '@civicgraph/policy';

/** A role as given to a person: `reviewer:SH-PSB`, `admin`, `developer:SH-CAB:<application id>,…`. */
export interface StaffRoleGrant {
  role: StaffRole;
  departmentCode: string | null;
  applicationIds: string[];
}

export class StaffInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'StaffInputError';
  }
}

const USERNAME = /^[a-z0-9][a-z0-9._@-]{1,63}$/;
/** OWASP's minimum for a password with no other factor. */
export const MIN_PASSWORD_LENGTH = 12;

/** Reads `reviewer:SH-PSB`-style role text, checking that department roles name their department. */
export function parseStaffRole(text: string): StaffRoleGrant {
  const [name = '', departmentCode, applications] = text.trim().split(':');
  const role = name.toUpperCase() as StaffRole;
  if (!STAFF_ROLES.includes(role)) throw new StaffInputError(`"${name}" is not a role: one of ${STAFF_ROLES.map((r) => r.toLowerCase()).join(', ')}`);
  if (DEPARTMENT_ROLES.has(role) !== !!departmentCode)
    throw new StaffInputError(
      DEPARTMENT_ROLES.has(role) ? `${name} is held for one department: ${name}:<department code>` : `${name} is city-wide: it names no department`,
    );
  const applicationIds = applications ? applications.split(',').filter(Boolean) : [];
  if (applicationIds.length && role !== 'DEVELOPER') throw new StaffInputError('Only developers name applications');
  return { role, departmentCode: departmentCode ?? null, applicationIds };
}

// argon2id with the library's defaults (19 MiB, 2 passes): OWASP's recommended minimum.
export const hashPassword = (password: string): Promise<string> => hash(password);

/** A hash of nothing anyone knows, checked when the username is unknown so a refusal takes as long either way. */
let decoy: Promise<string> | undefined;

/** The account a username and password sign in to, or null (unknown, disabled, no password, or a wrong one). */
export async function verifyStaffPassword(prisma: PrismaClient, username: string, password: string): Promise<StaffAccount | null> {
  const account = USERNAME.test(username) ? await prisma.staffAccount.findUnique({ where: { username } }) : null;
  const stored = account?.passwordHash ?? (await (decoy ??= hashPassword(randomUUID())));
  const matches = await verify(stored, password).catch(() => false);
  return account && account.passwordHash && matches && !account.disabledAt ? account : null;
}

export interface NewStaffAccount {
  username: string;
  displayName: string;
  /** For a local account. */
  password?: string;
  /** For an account that signs in through the city's OpenID Connect provider. */
  oidc?: { issuer: string; subject: string };
  roles: StaffRoleGrant[];
}

async function checkRoles(prisma: PrismaClient, roles: readonly StaffRoleGrant[]): Promise<void> {
  // The city's own departments are there from the first start; a database only migrated so far gets them now.
  await ensureDepartments(prisma);
  for (const { role, departmentCode, applicationIds } of roles) {
    if (departmentCode && !(await prisma.department.findUnique({ where: { code: departmentCode } })))
      throw new StaffInputError(`No department "${departmentCode}"`);
    for (const id of applicationIds) {
      const application = await prisma.application.findUnique({ where: { id } }).catch(() => null);
      if (!application || application.departmentCode !== departmentCode)
        throw new StaffInputError(`No application "${id}" of ${departmentCode} (${role.toLowerCase()} names its own department's applications)`);
    }
  }
}

async function saveRoles(prisma: PrismaClient, accountId: string, roles: readonly StaffRoleGrant[]): Promise<void> {
  for (const grant of roles) {
    await ensureConsoleApplication(prisma, grant.role, consoleDepartment(grant.role, grant.departmentCode));
    const held = await prisma.staffRole.findFirst({ where: { accountId, role: grant.role, departmentCode: grant.departmentCode } });
    if (held)
      await prisma.staffRole.update({ where: { id: held.id }, data: { applicationIds: [...new Set([...held.applicationIds, ...grant.applicationIds])] } });
    else await prisma.staffRole.create({ data: { id: randomUUID(), accountId, ...grant } });
  }
}

/** Creates a staff account with its roles (the CLI's `staff add`). */
export async function createStaffAccount(prisma: PrismaClient, input: NewStaffAccount): Promise<StaffAccount> {
  if (!USERNAME.test(input.username)) throw new StaffInputError('A username is 2–64 lower-case letters, digits and . _ @ -');
  if (!input.displayName.trim() || input.displayName.length > 128) throw new StaffInputError('A display name is 1–128 characters');
  if (!input.password && !input.oidc) throw new StaffInputError('An account signs in with a password or through OpenID Connect: give one');
  if (input.password !== undefined && input.password.length < MIN_PASSWORD_LENGTH)
    throw new StaffInputError(`A password is at least ${MIN_PASSWORD_LENGTH} characters`);
  if (!input.roles.length) throw new StaffInputError('Give the account at least one role');
  if (await prisma.staffAccount.findUnique({ where: { username: input.username } })) throw new StaffInputError(`"${input.username}" already exists`);
  await checkRoles(prisma, input.roles);
  const account = await prisma.staffAccount.create({
    data: {
      id: randomUUID(),
      username: input.username,
      displayName: input.displayName.trim(),
      passwordHash: input.password ? await hashPassword(input.password) : null,
      oidcIssuer: input.oidc?.issuer ?? null,
      oidcSubject: input.oidc?.subject ?? null,
    },
  });
  await saveRoles(prisma, account.id, input.roles);
  return account;
}

/** Gives an existing account more roles. */
export async function grantStaffRoles(prisma: PrismaClient, username: string, roles: readonly StaffRoleGrant[]): Promise<void> {
  const account = await prisma.staffAccount.findUnique({ where: { username } });
  if (!account) throw new StaffInputError(`No staff account "${username}"`);
  await checkRoles(prisma, roles);
  await saveRoles(prisma, account.id, roles);
}

/** Disables an account and ends its sessions at once. */
export async function disableStaffAccount(prisma: PrismaClient, username: string, now = new Date()): Promise<void> {
  const account = await prisma.staffAccount.findUnique({ where: { username } });
  if (!account) throw new StaffInputError(`No staff account "${username}"`);
  await prisma.$transaction([
    prisma.staffAccount.update({ where: { id: account.id }, data: { disabledAt: now } }),
    prisma.staffSession.updateMany({ where: { accountId: account.id, endedAt: null }, data: { endedAt: now } }),
  ]);
}

export type StaffAccountWithRoles = StaffAccount & { roles: StaffRoleRow[] };

export function listStaffAccounts(prisma: PrismaClient): Promise<StaffAccountWithRoles[]> {
  return prisma.staffAccount.findMany({ include: { roles: true }, orderBy: { username: 'asc' } });
}

/** `reviewer:SH-PSB` for a role row. */
export function roleText(role: Pick<StaffRoleRow, 'role' | 'departmentCode'>): string {
  return [role.role.toLowerCase(), role.departmentCode].filter(Boolean).join(':');
}
