import { badUserInput, forbidden } from '@civicgraph/errors';
import { parseDivisionCode, type ParseResult } from '@civicgraph/identifiers';

/** Returns the parsed value or throws BAD_USER_INPUT naming the argument — before any database lookup. */
export function requireValid<T>(argument: string, result: ParseResult<T>): T {
  if (!result.ok) throw badUserInput(argument, result.reason);
  return result.value;
}

/** Refuses a list argument that names a value twice (a breakdown asked for twice, say). */
export function requireDistinct(argument: string, values: readonly string[]): void {
  if (new Set(values).size !== values.length) throw badUserInput(argument, 'names a value twice');
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

/**
 * A "begins with" search argument (trimmed, 1 to `maxLength` characters) as a Prisma filter that matches
 * it literally: Prisma hands `startsWith` to SQL LIKE unescaped, where `%` and `_` would be wildcards.
 */
export function prefixMatch(argument: string, value: string, maxLength: number): { startsWith: string } {
  const prefix = value.trim();
  if (prefix.length < 1 || prefix.length > maxLength) throw badUserInput(argument, `must be 1–${maxLength} characters`);
  return { startsWith: prefix.replace(/[\\%_]/g, (c) => `\\${c}`) };
}

/** Who is filtering, as a subgraph knows it: the signed grants and masks. */
export interface FilterCaller {
  grants: ReadonlySet<string>;
  caller: { scenario: string; masks: Readonly<Record<string, string>> };
}

/**
 * Which field each argument of a filter input reads, for every argument the input has: the type makes a
 * filter argument added to the schema fail to compile until it says what it reads (deny by default).
 */
export type FilterReads<TFilter> = { readonly [K in keyof TFilter]-?: string };

/** Checks every filter argument given (see requireFilterReadable) against the field it reads. */
export function requireFiltersReadable<TFilter extends object>(
  ctx: FilterCaller,
  filter: TFilter | null | undefined,
  reads: FilterReads<TFilter>,
  argument = 'filter',
): void {
  if (!filter) return;
  for (const name of Object.keys(reads) as (keyof TFilter & string)[]) {
    if (filter[name] !== null && filter[name] !== undefined) requireFilterReadable(ctx, `${argument}.${name}`, reads[name]);
  }
}

/**
 * A filter on a field reads that field: filtering people by birth date tells their birth dates, one query
 * at a time. So the field must be granted, and unmasked (a prefix filter on a masked name gives back what
 * the mask hides). Otherwise FORBIDDEN naming the coordinate, like any field not granted.
 */
function requireFilterReadable({ grants, caller }: FilterCaller, argument: string, coordinate: string): void {
  if (grants.has(coordinate) && !caller.masks[coordinate]) return;
  const why = grants.has(coordinate) ? 'reads it masked' : 'is not granted it';
  throw forbidden(`Argument "${argument}" filters on ${coordinate}, and scenario "${caller.scenario}" ${why}: a filter reads the field it filters on`, {
    notGranted: [coordinate],
    argument,
  });
}
