import { createStaffAccount, disableStaffAccount, grantStaffRoles, listStaffAccounts, parseStaffRole, roleText, StaffInputError } from '@civicgraph/console';
import type { Env } from '../cliEnvironment';
import { withGovernanceDatabase } from '../governanceDatabase';

export interface StaffAddOptions {
  username: string;
  displayName?: string;
  roles: string[];
  /** Link to the city's OpenID Connect provider (`issuer` from CIVICGRAPH_OIDC_ISSUER) instead of a password. */
  oidcSubject?: string;
  /** Where the password comes from: standard input unless a caller says otherwise. */
  readPassword?: () => Promise<string>;
}

/** Reads a password from standard input (a pipe or a prompt), never from the command line, where `ps` and shells keep it. */
async function readPassword(): Promise<string> {
  if (process.stdin.isTTY) process.stderr.write('Password (at least 12 characters), then Enter: ');
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) {
    chunks.push(chunk as Buffer);
    if (process.stdin.isTTY && chunk.toString().includes('\n')) break;
  }
  return Buffer.concat(chunks)
    .toString('utf8')
    .replace(/\r?\n$/, '');
}

/** `civicgraph staff add|grant|disable|list`: the people who sign in to the governance console. */
export async function staffCommand(env: Env, action: string | undefined, options: StaffAddOptions): Promise<void> {
  try {
    switch (action) {
      case 'add': {
        const oidc = options.oidcSubject ? { issuer: requireIssuer(env), subject: options.oidcSubject } : undefined;
        const password = oidc ? undefined : await (options.readPassword ?? readPassword)();
        await withGovernanceDatabase(env, (prisma) =>
          createStaffAccount(prisma, {
            username: options.username,
            displayName: options.displayName ?? options.username,
            password,
            oidc,
            roles: options.roles.map(parseStaffRole),
          }),
        );
        return console.log(`Staff account "${options.username}" can sign in at /console as ${options.roles.join(', ')}.`);
      }
      case 'grant':
        await withGovernanceDatabase(env, (prisma) => grantStaffRoles(prisma, options.username, options.roles.map(parseStaffRole)));
        return console.log(`"${options.username}" now also holds ${options.roles.join(', ')}.`);
      case 'disable':
        await withGovernanceDatabase(env, (prisma) => disableStaffAccount(prisma, options.username));
        return console.log(`"${options.username}" is disabled and signed out everywhere.`);
      case 'list': {
        const accounts = await withGovernanceDatabase(env, (prisma) => listStaffAccounts(prisma));
        for (const a of accounts)
          console.log(
            `${a.username.padEnd(24)} ${a.disabledAt ? 'disabled' : 'active  '} ${a.passwordHash ? 'password' : 'oidc    '} ${a.roles.map(roleText).join(', ')}`,
          );
        return;
      }
      default:
        throw new Error('staff needs a subcommand: civicgraph staff add, grant, disable or list');
    }
  } catch (error) {
    // Input the operator can fix is said plainly; anything else is the caller's to report.
    if (error instanceof StaffInputError) throw new Error(`staff ${action}: ${error.message}`, { cause: error });
    throw error;
  }
}

function requireIssuer(env: Env): string {
  if (!env.CIVICGRAPH_OIDC_ISSUER) throw new StaffInputError('--oidc-subject links to the provider in CIVICGRAPH_OIDC_ISSUER: set it');
  return env.CIVICGRAPH_OIDC_ISSUER;
}
