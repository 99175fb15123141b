import type { DisclosureRecorder } from '@civicgraph/audit';
import { defaultFieldResolver, isObjectType, Kind, valueFromASTUntyped, type DocumentNode, type GraphQLSchema } from 'graphql';

interface RecordingContext {
  disclosures: DisclosureRecorder;
  caller: { masks: Record<string, unknown> };
}

/** The single key field of each entity type the SDL declares (`Person` → `id`, `Division` → `code`). */
export function entityKeys(typeDefs: DocumentNode): Map<string, string> {
  const keys = new Map<string, string>();
  for (const definition of typeDefs.definitions) {
    if (definition.kind !== Kind.OBJECT_TYPE_DEFINITION && definition.kind !== Kind.OBJECT_TYPE_EXTENSION) continue;
    const key = definition.directives?.find((d) => d.name.value === 'key');
    const fields = key?.arguments?.find((a) => a.name.value === 'fields');
    if (fields) keys.set(definition.name.value, String(valueFromASTUntyped(fields.value)).trim());
  }
  return keys;
}

function isPromiseLike(value: unknown): value is PromiseLike<unknown> {
  return typeof (value as PromiseLike<unknown> | null)?.then === 'function';
}

/**
 * Makes every field of the subgraph's entities note, as it resolves, which record it disclosed (the
 * entity's key) and whether it left masked. Fields refused by the shield (an error instead of a value)
 * disclosed nothing and are not noted; nor are key fields, the opaque ids the query plan joins on.
 * The notes become the disclosure log (see createSubgraph), one record per entity.
 */
export function recordDisclosures(schema: GraphQLSchema, typeDefs: DocumentNode): void {
  for (const [typeName, keyField] of entityKeys(typeDefs)) {
    const type = schema.getType(typeName);
    if (!isObjectType(type)) continue;
    for (const field of Object.values(type.getFields())) {
      if (field.name === keyField) continue;
      const resolve = field.resolve ?? defaultFieldResolver;
      const coordinate = `${typeName}.${field.name}`;
      const fieldName = field.name;
      const note = (parent: Record<string, unknown>, ctx: RecordingContext) =>
        ctx.disclosures.record(typeName, String(parent[keyField]), fieldName, !!ctx.caller.masks[coordinate]);
      // Runs for every field of every record served: the synchronous path (most fields) creates no closure.
      field.resolve = (parent: Record<string, unknown>, args, ctx: RecordingContext, info) => {
        const value = resolve(parent, args, ctx, info);
        if (isPromiseLike(value)) {
          return value.then((resolved) => {
            if (!(resolved instanceof Error)) note(parent, ctx);
            return resolved;
          });
        }
        if (!(value instanceof Error)) note(parent, ctx);
        return value;
      };
    }
  }
}
