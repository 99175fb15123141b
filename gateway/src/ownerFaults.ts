import { Kind, type DocumentNode, type FragmentDefinitionNode, type GraphQLError, type GraphQLFormattedError, type SelectionSetNode } from 'graphql';

/** A representation the gateway sends an owner for an entity fetch. */
interface Representation {
  __typename?: unknown;
}

/** Response names selected at the top of `selectionSet`, by the type condition they apply to ('' for any). */
function topFields(selectionSet: SelectionSetNode, fragments: ReadonlyMap<string, FragmentDefinitionNode>, on = '', into = new Map<string, Set<string>>()) {
  for (const selection of selectionSet.selections) {
    if (selection.kind === Kind.FIELD) {
      if (selection.name.value === '__typename') continue;
      let names = into.get(on);
      if (!names) into.set(on, (names = new Set()));
      names.add(selection.alias?.value ?? selection.name.value);
    } else if (selection.kind === Kind.INLINE_FRAGMENT) {
      topFields(selection.selectionSet, fragments, selection.typeCondition?.name.value ?? on, into);
    } else {
      const fragment = fragments.get(selection.name.value);
      if (fragment) topFields(fragment.selectionSet, fragments, fragment.typeCondition.name.value, into);
    }
  }
  return into;
}

/**
 * The errors of a fetch an owner could not answer, one at each field it would have answered: `[field]` for
 * a root fetch, `["_entities", i, field]` for an entity fetch, which the gateway turns into the entity's
 * path in the client's response. The fields stay null there; the other owners' fields are delivered.
 */
export function locatedAtOwnerFields(
  fault: GraphQLError,
  document: DocumentNode | undefined,
  variables: Record<string, unknown> | undefined,
): GraphQLFormattedError[] {
  const at = (path: (string | number)[]): GraphQLFormattedError => ({ message: fault.message, path, extensions: fault.extensions });
  const operation = document?.definitions.find((d) => d.kind === Kind.OPERATION_DEFINITION);
  if (!operation || operation.kind !== Kind.OPERATION_DEFINITION) return [at([])];
  const fragments = new Map(document!.definitions.flatMap((d) => (d.kind === Kind.FRAGMENT_DEFINITION ? [[d.name.value, d] as const] : [])));
  const representations = variables?.representations;
  const entities = operation.selectionSet.selections.find((s) => s.kind === Kind.FIELD && s.name.value === '_entities');
  if (!Array.isArray(representations) || !entities || entities.kind !== Kind.FIELD || !entities.selectionSet) {
    return [...(topFields(operation.selectionSet, fragments).get('') ?? [])].map((field) => at([field]));
  }
  const byType = topFields(entities.selectionSet, fragments);
  return (representations as Representation[]).flatMap((representation, index) => {
    const fields = byType.get(String(representation?.__typename)) ?? byType.get('') ?? new Set<string>();
    return [...fields].map((field) => at(['_entities', index, field]));
  });
}
