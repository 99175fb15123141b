import type { Problems } from '../problems';

/** The traffic limits an admin input may set (scenario or department): each, when given, a whole number within its bounds. */
const LIMITS = { requestsPerSecond: 10_000, burst: 100_000, rowsPerDay: 100_000_000 } as const;
export type LimitInputs = { [K in keyof typeof LIMITS]?: number | null };

export function checkLimits(problems: Problems, input: LimitInputs): void {
  for (const name of Object.keys(LIMITS) as (keyof typeof LIMITS)[]) {
    const value = input[name];
    if (value != null && (!Number.isInteger(value) || value < 1 || value > LIMITS[name])) {
      problems.add(`input.${name}`, `must be between 1 and ${LIMITS[name].toLocaleString('en')}, got ${value}`);
    }
  }
}

/** The limits an input sets (a null clears one; left out, it stays). */
export function limitsValue(input: LimitInputs): LimitInputs {
  return Object.fromEntries(
    Object.keys(LIMITS).flatMap((name) => (input[name as keyof typeof LIMITS] === undefined ? [] : [[name, input[name as keyof typeof LIMITS]]])),
  );
}
