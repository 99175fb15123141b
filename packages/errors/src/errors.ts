import { GraphQLError } from 'graphql';
import type { ErrorCode } from './errorCodes';

function coded(code: ErrorCode, message: string, extensions: Record<string, unknown> = {}): GraphQLError {
  return new GraphQLError(message, { extensions: { ...extensions, code } });
}

/** A malformed or out-of-range argument. `argument` is its path as the client wrote it, e.g. `idNumber` or `filter.birthDateFrom`. */
export function badUserInput(argument: string, reason: string): GraphQLError {
  return coded('BAD_USER_INPUT', `Argument "${argument}" is invalid: ${reason}`, { argument, reason });
}

export function notFound(what: string): GraphQLError {
  return coded('NOT_FOUND', `${what} does not exist`);
}

export function forbidden(message: string, extensions: Record<string, unknown> = {}): GraphQLError {
  return coded('FORBIDDEN', message, extensions);
}

export function unauthenticated(message: string): GraphQLError {
  return coded('UNAUTHENTICATED', message);
}
