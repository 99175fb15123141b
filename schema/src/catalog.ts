import { buildASTSchema, isObjectType, type GraphQLSchema, parse, valueFromASTUntyped } from 'graphql';

export const SHARING = ['UNCONDITIONAL', 'CONDITIONAL', 'NONE'] as const;
export const OPENING = ['UNCONDITIONAL', 'CONDITIONAL', 'NOT_OPEN'] as const;
export const UPDATE_CYCLES = ['REAL_TIME', 'DAILY', 'WEEKLY', 'MONTHLY', 'QUARTERLY', 'HALF_YEARLY', 'YEARLY'] as const;

/** The catalog metadata of one field, read from its `@catalog` directive. */
export interface CatalogEntry {
  /** Field coordinate, e.g. `Person.birthDate`. */
  coordinate: string;
  owner: string;
  sharing: (typeof SHARING)[number];
  opening: (typeof OPENING)[number];
  grade: 1 | 2 | 3 | 4;
  updateCycle: (typeof UPDATE_CYCLES)[number];
  legalBasis: string | null;
  description: string | null;
}

export interface CatalogReading {
  entries: CatalogEntry[];
  /** Every field without valid metadata, with the reason. Empty when the catalog is complete. */
  problems: string[];
}

/** Federation's own types and fields, which are plumbing rather than shared data. */
function isFederationInternal(typeName: string, fieldName?: string): boolean {
  return typeName.startsWith('_') || typeName.startsWith('join__') || typeName.startsWith('link__') || (fieldName?.startsWith('_') ?? false);
}

/** Reads `@catalog` from every field of every object type of a schema (a subgraph's or the supergraph). */
export function readCatalog(schemaOrSdl: GraphQLSchema | string): CatalogReading {
  const schema = typeof schemaOrSdl === 'string' ? buildASTSchema(parse(schemaOrSdl), { assumeValidSDL: true }) : schemaOrSdl;
  const entries: CatalogEntry[] = [];
  const problems: string[] = [];
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || type.name.startsWith('__') || isFederationInternal(type.name)) continue;
    for (const field of Object.values(type.getFields())) {
      if (isFederationInternal(type.name, field.name)) continue;
      const coordinate = `${type.name}.${field.name}`;
      const directive = field.astNode?.directives?.find((d) => d.name.value === 'catalog');
      if (!directive) {
        // A key-only reference stub (`type Person @key(fields: "id") { id: ID! }`) in a subgraph that does
        // not own the type carries no metadata; the owner's definition does.
        continue;
      }
      // eslint-disable-next-line @typescript-eslint/no-explicit-any -- each argument is checked below before it is used
      const args: Record<string, any> = Object.fromEntries((directive.arguments ?? []).map((a) => [a.name.value, valueFromASTUntyped(a.value)]));
      const wrong: string[] = [];
      if (typeof args.owner !== 'string' || !args.owner) wrong.push('owner is missing');
      if (!SHARING.includes(args.sharing)) wrong.push(`sharing must be one of ${SHARING.join(', ')}`);
      if (!OPENING.includes(args.opening)) wrong.push(`opening must be one of ${OPENING.join(', ')}`);
      if (![1, 2, 3, 4].includes(args.grade)) wrong.push('grade must be 1–4');
      if (!UPDATE_CYCLES.includes(args.updateCycle)) wrong.push(`updateCycle must be one of ${UPDATE_CYCLES.join(', ')}`);
      if ((args.sharing === 'CONDITIONAL' || args.sharing === 'NONE') && !args.legalBasis) wrong.push(`sharing ${args.sharing} needs a legalBasis`);
      if (args.sharing === 'NONE' && args.opening !== 'NOT_OPEN') wrong.push('a field that is not shared cannot be open (opening must be NOT_OPEN)');
      if (wrong.length) {
        problems.push(`${coordinate}: ${wrong.join('; ')}`);
        continue;
      }
      entries.push({
        coordinate,
        owner: args.owner,
        sharing: args.sharing,
        opening: args.opening,
        grade: args.grade,
        updateCycle: args.updateCycle,
        legalBasis: args.legalBasis ?? null,
        description: field.description ?? null,
      });
    }
  }
  return { entries, problems };
}

/** Fields of the supergraph's API that carry no `@catalog` at all (in no subgraph). */
export function fieldsWithoutCatalog(supergraphSdl: string): string[] {
  const schema = buildASTSchema(parse(supergraphSdl), { assumeValidSDL: true });
  const missing: string[] = [];
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || type.name.startsWith('__') || isFederationInternal(type.name)) continue;
    for (const field of Object.values(type.getFields())) {
      if (isFederationInternal(type.name, field.name)) continue;
      if (!field.astNode?.directives?.some((d) => d.name.value === 'catalog')) missing.push(`${type.name}.${field.name}`);
    }
  }
  return missing;
}

/** The negative list: coordinates catalogued as not shared (sharing NONE), never served whatever a grant row says. */
export function negativeList(catalog: CatalogReading): ReadonlySet<string> {
  return new Set(catalog.entries.filter((e) => e.sharing === 'NONE').map((e) => e.coordinate));
}

/** The open scenario's reach: coordinates catalogued as open to the public without conditions (opening UNCONDITIONAL). */
export function unconditionallyOpen(catalog: CatalogReading): ReadonlySet<string> {
  return new Set(catalog.entries.filter((e) => e.opening === 'UNCONDITIONAL' && e.sharing !== 'NONE').map((e) => e.coordinate));
}
