import { ID_NUMBER_CHECK_CHARS, ID_NUMBER_WEIGHTS, USCC_ALPHABET, USCC_WEIGHTS } from '@civicgraph/identifiers';

/**
 * Checksums as SQL expressions, so a million records are checked in one statement where they live. The
 * weights and alphabets are `@civicgraph/identifiers`' own; a test holds both sides to the same answers.
 * Each expression is true when the value is well formed and its check character is right; a CASE keeps
 * the arithmetic away from values that are not (PostgreSQL does not promise to short-circuit AND).
 */
export function validIdNumberSql(column: string): string {
  const sum = ID_NUMBER_WEIGHTS.map((weight, i) => `substr(${column}, ${i + 1}, 1)::int * ${weight}`).join(' + ');
  return `(CASE WHEN ${column} ~ '^[0-9]{17}[0-9X]$' THEN substr('${ID_NUMBER_CHECK_CHARS}', ((${sum}) % 11) + 1, 1) = substr(${column}, 18, 1) ELSE false END)`;
}

export function validUsccSql(column: string): string {
  const value = (i: number) => `(strpos('${USCC_ALPHABET}', substr(${column}, ${i + 1}, 1)) - 1)`;
  const sum = USCC_WEIGHTS.map((weight, i) => `${value(i)} * ${weight}`).join(' + ');
  return `(CASE WHEN ${column} ~ '^[0-9${USCC_ALPHABET.slice(10)}]{18}$' THEN substr('${USCC_ALPHABET}', ((31 - ((${sum}) % 31)) % 31) + 1, 1) = substr(${column}, 18, 1) ELSE false END)`;
}

/** True when a text is missing: null, or nothing but white space. */
export function missingSql(column: string): string {
  return `(${column} IS NULL OR btrim(${column}) = '')`;
}
