import { z } from 'zod';

/**
 * Which rows a scenario may read, beyond which fields. Enforced by the data owners (the subgraphs) in
 * their loaders and searches:
 * - `selfOnly`: only the subject's own records and those reached from them (their licenses, the
 *   entities they represent); needs an `X-Subject-Token`.
 * - `districts`: only people and entities in these districts (6-digit GB/T 2260 codes).
 * - `lookupOnly`: lookups by key only; no search fields (`people`, `legalEntities`).
 * - `maxRows`: at most this many rows per search page.
 */
export const rowConstraintsSchema = z
  .object({
    selfOnly: z.boolean().optional(),
    districts: z
      .array(z.string().regex(/^[1-9]\d{5}$/, 'must be a 6-digit division code'))
      .min(1)
      .optional(),
    lookupOnly: z.boolean().optional(),
    maxRows: z.number().int().min(1).max(10_000).optional(),
  })
  .strict();

export type RowConstraints = z.infer<typeof rowConstraintsSchema>;

/** Reads stored or signed constraints; anything malformed is an error, never "no constraint". */
export function parseRowConstraints(value: unknown): RowConstraints {
  return rowConstraintsSchema.parse(value);
}
