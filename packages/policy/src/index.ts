export { reachableCoordinates } from './reachableCoordinates';
export type { ReachableCoordinates } from './reachableCoordinates';
export { maskIdNumber, maskPhone, maskName, maskAddress, addressKeep, applyMask, MASK_SHOWS } from './masking';
export type { ReadableCoordinates } from './masking';
export { maskInferences } from './maskInference';
export type { MaskedGrant, MaskInference } from './maskInference';
export type { MaskKind } from './masking';
export {
  signRequestContext,
  verifyRequestContext,
  signSharedContext,
  verifySharedContext,
  bindContext,
  verifyBinding,
  contextBindingKey,
  contextBindingKeysFromText,
  contextTrustFor,
  generateContextSigningKey,
  contextSigningKeyFromPem,
  contextPublicKeysFromPem,
  ContextVerificationError,
  CONTEXT_HEADER,
  BINDING_HEADER,
  DISCLOSED_HEADER,
} from './signedContext';
export type {
  RequestContextClaims,
  SharedContextClaims,
  SignedContext,
  ContextBinding,
  ContextTrust,
  VerifiedRequestContext,
  VerifiedSharedContext,
  ContextSigningKey,
  SignContextOptions,
  ContextRejection,
} from './signedContext';
export {
  verifySubjectToken,
  mintSubjectToken,
  generateIdentityProviderKey,
  identityProviderKeyFromPem,
  SubjectTokenError,
  SUBJECT_TOKEN_HEADER,
  DEFAULT_SUBJECT_AUDIENCE,
  DEV_IDENTITY_PROVIDER,
} from './subjectToken';
export type { SubjectTokenVerifier, IdentityProviderKey, MintSubjectTokenOptions } from './subjectToken';
export { rowConstraintsSchema, parseRowConstraints } from './rowConstraintsSchema';
export type { RowConstraints } from './rowConstraintsSchema';
export { scopedSchema } from './scopedSchema';
export { describeScenarioSchema } from './scenarioSchema';
export type { DescribedGrant, FieldCatalog, ScenarioTerms } from './scenarioSchema';
export { isGrantInForce } from './grantInForce';
export type { DatedGrant } from './grantInForce';
export { issueApiKey, hashApiKey } from './apiKeys';
export type { IssuedApiKey } from './apiKeys';

export { estimateRows } from './estimatedRows';
export type { EstimatedRows, EstimateOptions } from './estimatedRows';
export { claimsForTests } from './claimsForTests';
export {
  createStaffAssertions,
  consoleApplicationId,
  StaffAssertionError,
  STAFF_HEADER,
  STAFF_ROLES,
  DEPARTMENT_ROLES,
  CONSOLE_SCENARIOS,
  PLATFORM_DEPARTMENT,
} from './staffAssertion';
export type { StaffAssertions, StaffClaims, StaffRole } from './staffAssertion';
export { OPEN_SCENARIO, OPEN_APPLICATION_ID } from './openData';
export { FEED_HEADER, FeedAssertionError, createFeedAssertions } from './feedAssertion';
export type { FeedAssertions, FeedClaims } from './feedAssertion';
