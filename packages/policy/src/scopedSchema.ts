import { MapperKind, mapSchema, pruneSchema } from '@graphql-tools/utils';
import { getNamedType, isLeafType, isObjectType, isUnionType, type GraphQLNamedType, type GraphQLSchema } from 'graphql';

/**
 * The part of a schema a scenario may query: granted fields only, and of those only the ones whose type
 * still has something to read; types left empty, and enums, inputs and scalars nothing uses any more,
 * are dropped. Introspection against it shows an app developer exactly their contract and nothing of
 * what is hidden — not even the names of hidden types. Null when the scenario can reach nothing; without a
 * query type when it is granted mutations only.
 */
export function scopedSchema(schema: GraphQLSchema, isGranted: (coordinate: string) => boolean): GraphQLSchema | null {
  const types = Object.values(schema.getTypeMap()).filter((t) => !t.name.startsWith('__'));
  const objects = types.filter(isObjectType);
  const unions = types.filter(isUnionType);

  // A composite type is alive when some granted field of it leads to a leaf or another live type; this
  // grows to a fixed point (a cycle of types alive only through each other never starts).
  const alive = new Set<string>();
  const leadsSomewhere = (type: GraphQLNamedType) => isLeafType(type) || alive.has(type.name);
  const keeps = (typeName: string, fieldName: string, type: GraphQLNamedType) => isGranted(`${typeName}.${fieldName}`) && leadsSomewhere(type);
  for (let changed = true; changed;) {
    changed = false;
    for (const object of objects) {
      if (alive.has(object.name)) continue;
      if (Object.values(object.getFields()).some((f) => keeps(object.name, f.name, getNamedType(f.type)))) {
        alive.add(object.name);
        changed = true;
      }
    }
    for (const union of unions) {
      if (!alive.has(union.name) && union.getTypes().some((t) => alive.has(t.name))) {
        alive.add(union.name);
        changed = true;
      }
    }
  }
  // A scenario granted mutations only (a department submitting share requests) has a schema without a query type.
  const roots = [schema.getQueryType(), schema.getMutationType()];
  if (!roots.some((root) => root && alive.has(root.name))) return null;

  const scoped = mapSchema(schema, {
    [MapperKind.OBJECT_TYPE]: (type) => (alive.has(type.name) ? type : null),
    [MapperKind.UNION_TYPE]: (type) => (alive.has(type.name) ? type : null),
    // Interfaces would need every implementation to keep all their fields; the supergraph has none, so
    // they (and fields returning them, never alive) are left out rather than half-kept.
    [MapperKind.INTERFACE_TYPE]: () => null,
    [MapperKind.OBJECT_FIELD]: (field, fieldName, typeName) => (keeps(typeName, fieldName, getNamedType(field.type)) ? field : null),
  });
  return pruneSchema(scoped);
}
