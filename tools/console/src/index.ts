export { createConsoleRoutes, CONSOLE_PATH, WEB_ROOT } from './consoleRoutes';
export type { ConsoleOptions } from './consoleRoutes';
export { createOidcSignIn } from './oidc';
export type { OidcSettings, OidcSignIn } from './oidc';
export { DEFAULT_IDLE_MS, DEFAULT_ABSOLUTE_MS } from './sessions';
export type { SessionLimits } from './sessions';
export {
  createStaffAccount,
  grantStaffRoles,
  disableStaffAccount,
  listStaffAccounts,
  parseStaffRole,
  roleText,
  StaffInputError,
  MIN_PASSWORD_LENGTH,
} from './staffAccounts';
export type { NewStaffAccount, StaffRoleGrant, StaffAccountWithRoles } from './staffAccounts';
