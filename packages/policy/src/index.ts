export { reachableCoordinates } from './reachableCoordinates';
export type { ReachableCoordinates } from './reachableCoordinates';
export { maskIdNumber, maskPhone, maskName, maskAddress, addressKeep, applyMask } from './masking';
export type { MaskKind } from './masking';
export {
  signRequestContext,
  verifyRequestContext,
  generateContextSigningKey,
  contextSigningKeyFromPem,
  ContextVerificationError,
  CONTEXT_HEADER,
} from './signedContext';
export type { RequestContextClaims, VerifiedRequestContext, ContextSigningKey, SignContextOptions, ContextRejection } from './signedContext';
