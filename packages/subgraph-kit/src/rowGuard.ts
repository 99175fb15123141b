import type { RequestContextClaims } from '@civicgraph/policy';
import { forbidden } from '@civicgraph/errors';
import { GraphQLError } from 'graphql';

/** The row constraints a single record can fall outside of. */
export type RowConstraintName = 'selfOnly' | 'districts';

/**
 * A data owner's rule for one record type: the constraint of the caller's scenario the row falls
 * outside of, or null when the caller may read it.
 */
export type RowRule<T> = (row: T, caller: RequestContextClaims) => RowConstraintName | null;

const DESCRIPTIONS: Record<RowConstraintName, string> = {
  selfOnly: "reads only the subject citizen's own records",
  districts: 'reads only records in its districts',
};

/** FORBIDDEN for one record outside the scenario's row constraints; it lands at that record's path. */
export function outsideConstraint(typeName: string, constraint: RowConstraintName, caller: RequestContextClaims): GraphQLError {
  return forbidden(`This ${typeName} is outside scenario "${caller.scenario}": it ${DESCRIPTIONS[constraint]}`, { constraint });
}

/** Whether any per-record constraint applies, so unconstrained scenarios pay nothing per row. */
export function hasRowConstraints(caller: RequestContextClaims): boolean {
  return !!caller.constraints.selfOnly || !!caller.constraints.districts;
}

/**
 * A guard for `createKeyLoader`: a row outside the caller's constraints becomes a FORBIDDEN error for
 * its key (the field asking for it is null with the error at its path). Undefined when nothing applies.
 */
export function rowGuard<T>(rule: RowRule<T>, caller: RequestContextClaims, typeName: string): ((row: T) => GraphQLError | null) | undefined {
  if (!hasRowConstraints(caller)) return undefined;
  return (row) => {
    const outside = rule(row, caller);
    return outside ? outsideConstraint(typeName, outside, caller) : null;
  };
}

/** The rows of a list the caller may read; the others are left out (a list is not an error). */
export function visibleRows<T>(rows: T[], rule: RowRule<T>, caller: RequestContextClaims): T[] {
  if (!hasRowConstraints(caller)) return rows;
  return rows.filter((row) => rule(row, caller) === null);
}

/**
 * Checks a search field against the scenario's `lookupOnly` and `maxRows` constraints: a lookup-only
 * scenario may not search at all, and no page may be larger than `maxRows`.
 */
export function requireSearchAllowed(caller: RequestContextClaims, coordinate: string, first: number | null | undefined): void {
  const { lookupOnly, maxRows } = caller.constraints;
  if (lookupOnly) {
    throw forbidden(`Scenario "${caller.scenario}" is lookup-only: ${coordinate} searches, so it is refused`, { constraint: 'lookupOnly' });
  }
  if (maxRows !== undefined && (first ?? 0) > maxRows) {
    throw forbidden(`Scenario "${caller.scenario}" reads at most ${maxRows} rows per request: pass first ≤ ${maxRows}`, { constraint: 'maxRows', maxRows });
  }
}

/**
 * A single record fetched outside a loader, where "none" is an answer (a lookup): returned when the caller
 * may read it, else null, as if it did not exist (see orAbsent).
 */
export function visibleOrNull<T>(row: T | null, rule: RowRule<T>, caller: RequestContextClaims): T | null {
  if (row === null || !hasRowConstraints(caller)) return row;
  return rule(row, caller) ? null : row;
}

/** Whether an error is a record's refusal by the row constraints (outsideConstraint). */
export function isOutsideConstraint(error: unknown): boolean {
  return error instanceof GraphQLError && error.extensions.code === 'FORBIDDEN' && typeof error.extensions.constraint === 'string';
}

/**
 * A record loaded where "none" is a possible answer — a lookup by key, a nullable reference such as a
 * father — answered as if it did not exist when it is outside the caller's row constraints: null and no
 * error. A refusal would tell that the record exists (that someone holds this ID number, that this person
 * has a registered father). Non-null references (an entity's representative, resolved through `_entities`)
 * always exist, so there the loader's FORBIDDEN stands.
 */
export async function orAbsent<T>(loading: Promise<T | null>): Promise<T | null> {
  try {
    return await loading;
  } catch (error) {
    if (isOutsideConstraint(error)) return null;
    throw error;
  }
}
