/** Outcome of parsing an identifier: the normalised value and its parts, or the reason it is not valid. */
export type ParseResult<T> = { ok: true; value: T } | { ok: false; reason: string };

export const ok = <T>(value: T): ParseResult<T> => ({ ok: true, value });
export const fail = <T>(reason: string): ParseResult<T> => ({ ok: false, reason });
