import {
  getNamedType,
  isAbstractType,
  isObjectType,
  Kind,
  type DocumentNode,
  type FragmentDefinitionNode,
  type GraphQLCompositeType,
  type GraphQLObjectType,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from 'graphql';

export interface ReachableCoordinates {
  /** Every `Type.field` the operation could read, sorted. Fields on abstract types are expanded to each possible object type. */
  coordinates: string[];
  /** True when the operation asks for `__schema` or `__type`. */
  introspection: boolean;
}

/**
 * The field coordinates an operation can reach, decided statically on a validated document: through
 * named and inline fragments (on object, interface and union types), under aliases, and under `@skip` /
 * `@include` whatever their condition — a field the client could switch on is a field it asks for.
 * `__typename` is not a coordinate: it discloses nothing.
 */
export function reachableCoordinates(schema: GraphQLSchema, document: DocumentNode, operationName?: string | null): ReachableCoordinates {
  const operations = document.definitions.filter((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);
  const operation = operationName ? operations.find((o) => o.name?.value === operationName) : operations.length === 1 ? operations[0] : undefined;
  if (!operation) throw new Error(operationName ? `operation "${operationName}" is not in the document` : 'the document must name one operation');
  const fragments = new Map(document.definitions.filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION).map((f) => [f.name.value, f]));
  const root = schema.getRootType(operation.operation);
  if (!root) throw new Error(`the schema has no ${operation.operation} type`);

  const coordinates = new Set<string>();
  let introspection = false;
  // (fragment, type) pairs already walked: fragments may be spread many times, and a cycle must end.
  const walked = new Set<string>();

  const objectTypesOf = (type: GraphQLCompositeType): readonly GraphQLObjectType[] =>
    isAbstractType(type) ? schema.getPossibleTypes(type) : isObjectType(type) ? [type] : [];

  /** A fragment on `condition` applies to the object types the selection already allows and the condition names. */
  const narrow = (types: readonly GraphQLObjectType[], conditionName: string | undefined): readonly GraphQLObjectType[] => {
    if (!conditionName) return types;
    const condition = schema.getType(conditionName) as GraphQLCompositeType | undefined;
    if (!condition) return [];
    const allowed = new Set(objectTypesOf(condition).map((t) => t.name));
    return types.filter((t) => allowed.has(t.name));
  };

  /** Walks a selection set as it applies to each object type the value can be at runtime. */
  const visit = (selectionSet: SelectionSetNode, types: readonly GraphQLObjectType[]): void => {
    for (const selection of selectionSet.selections) {
      if (selection.kind === Kind.FIELD) {
        const name = selection.name.value;
        if (name === '__typename') continue;
        if (name === '__schema' || name === '__type') {
          introspection = true;
          continue;
        }
        for (const type of types) {
          const field = type.getFields()[name];
          if (!field) continue;
          coordinates.add(`${type.name}.${name}`);
          if (selection.selectionSet) visit(selection.selectionSet, objectTypesOf(getNamedType(field.type) as GraphQLCompositeType));
        }
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        visit(selection.selectionSet, narrow(types, selection.typeCondition?.name.value));
      } else {
        const fragment = fragments.get(selection.name.value);
        if (!fragment) continue;
        const applicable = narrow(types, fragment.typeCondition.name.value);
        const key = `${fragment.name.value}@${applicable.map((t) => t.name).join(',')}`;
        if (walked.has(key)) continue;
        walked.add(key);
        visit(fragment.selectionSet, applicable);
      }
    }
  };

  visit(operation.selectionSet, [root]);
  return { coordinates: [...coordinates].sort(), introspection };
}
