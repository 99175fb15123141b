export { ERROR_CODES } from './errorCodes';
export type { ErrorCode } from './errorCodes';
export { badUserInput, notFound, forbidden, unauthenticated } from './errors';
export { maskError } from './maskError';
export type { MaskErrorOptions } from './maskError';
