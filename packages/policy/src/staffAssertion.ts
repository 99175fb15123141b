import { randomBytes } from 'node:crypto';
import { inProcessAssertions, type Assertions } from './inProcessAssertion';
import { namedUuid } from './namedUuid';

/**
 * The console's word to the gateway about the person behind a request (`X-CivicGraph-Staff`): who signed in,
 * in which role and for which department. The console mints one per request with a secret it shares only
 * with the gateway in its own process, so no client can name a person, and the gateway resolves the
 * caller to that role's console application and scenario: authorization stays one mechanism.
 */
export const STAFF_HEADER = 'x-civicgraph-staff';

/** The console's roles, each acting under a scenario of its own. */
export type StaffRole = 'ADMIN' | 'REVIEWER' | 'STEWARD' | 'AUDITOR' | 'DEVELOPER';

export const STAFF_ROLES: readonly StaffRole[] = ['ADMIN', 'REVIEWER', 'STEWARD', 'AUDITOR', 'DEVELOPER'];

/** Roles held for one department (the others are city-wide and name none). */
export const DEPARTMENT_ROLES: ReadonlySet<StaffRole> = new Set(['REVIEWER', 'STEWARD', 'DEVELOPER']);

/** The scenario each role acts under: administrators under the admin scenario, the others under a console scenario. */
export const CONSOLE_SCENARIOS: Readonly<Record<StaffRole, string>> = {
  ADMIN: 'admin',
  REVIEWER: 'console-reviewer',
  STEWARD: 'console-steward',
  AUDITOR: 'console-auditor',
  DEVELOPER: 'console-developer',
};

/** The department city-wide roles act for: the big data centre, which runs the platform. */
export const PLATFORM_DEPARTMENT = 'SH-BDC';

export interface StaffClaims {
  /** The person's username: what the request log names. */
  person: string;
  role: StaffRole;
  /** The role's department; the platform's own for city-wide roles. */
  department: string;
}

export class StaffAssertionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'StaffAssertionError';
  }
}

export type StaffAssertions = Assertions<StaffClaims>;

/**
 * The console application of a role and department: an id made from the two (a version 8 UUID over their
 * SHA-256), so every gateway finds the same application without keeping keys for it.
 */
export function consoleApplicationId(role: StaffRole, department: string): string {
  return namedUuid(`civicgraph-console:${role}:${department}`);
}

/** A fresh pair of signer and verifier sharing a random secret: made once per process, given to the console and the gateway. */
export function createStaffAssertions(secret: Uint8Array = randomBytes(32)): StaffAssertions {
  return inProcessAssertions<StaffClaims>(
    { issuer: 'civicgraph-console', name: 'staff' },
    secret,
    ({ person, role, department }) => ({ subject: person, fields: { role, dep: department } }),
    (payload) => {
      const role = payload.role as StaffRole;
      return STAFF_ROLES.includes(role) && typeof payload.dep === 'string' ? { person: payload.sub, role, department: payload.dep } : null;
    },
    (message) => new StaffAssertionError(message),
  );
}
