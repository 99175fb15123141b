export { ERROR_CODES } from './errorCodes';
export type { ErrorCode } from './errorCodes';
export {
  auditUnavailable,
  badUserInput,
  badUserInputs,
  conflict,
  invalidValue,
  notFound,
  forbidden,
  unauthenticated,
  refuseRequest,
  limitExceeded,
  relayedError,
  internalFault,
  trafficRefused,
  ownerTimeout,
  ownerUnavailable,
  OWNER_RETRY_AFTER_SECONDS,
  overloaded,
} from './errors';
export type { InputProblem } from './errors';
export { isKnownCode, maskError } from './maskError';
export type { MaskErrorOptions } from './maskError';
