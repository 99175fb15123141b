import { badUserInput } from '@civicgraph/errors';
import { parseDivisionCode, type ParseResult } from '@civicgraph/identifiers';

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

/** A 6-digit GB/T 2260 district (county-level) code argument. */
export function requireDistrictCode(argument: string, value: string): string {
  const code = requireValid(argument, parseDivisionCode(value));
  if (code.level !== 'COUNTY') throw badUserInput(argument, 'must be a 6-digit district code, e.g. 310115');
  return code.value;
}

/** A "begins with" search argument: trimmed, 1 to `maxLength` characters. */
export function requirePrefix(argument: string, value: string, maxLength: number): string {
  const prefix = value.trim();
  if (prefix.length < 1 || prefix.length > maxLength) throw badUserInput(argument, `must be 1–${maxLength} characters`);
  return prefix;
}
