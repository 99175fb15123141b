import { badUserInput } from '@civicgraph/errors';
import type { ParseResult } from '@civicgraph/identifiers';

/** Returns the parsed value or throws BAD_USER_INPUT naming the argument — before any database lookup. */
export function requireValid<T>(argument: string, result: ParseResult<T>): T {
  if (!result.ok) throw badUserInput(argument, result.reason);
  return result.value;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** CivicGraph record ids are UUIDs; anything else cannot name a record. */
export function isRecordId(value: string): boolean {
  return UUID.test(value);
}

export function requireRecordId(argument: string, value: string): string {
  const id = value.trim().toLowerCase();
  if (!isRecordId(id)) throw badUserInput(argument, 'not a CivicGraph record id');
  return id;
}
