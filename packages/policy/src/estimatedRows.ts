import {
  getNamedType,
  getNullableType,
  isCompositeType,
  isListType,
  isObjectType,
  Kind,
  valueFromAST,
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLCompositeType,
  type GraphQLField,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from 'graphql';

/** How many records an operation can return at most, as far as its page sizes tell. */
export interface EstimatedRows {
  /** Every object the operation can return: page sizes (`first`) times the lists they sit in. */
  rows: number;
  /** The part of `rows` that searches return: the pages of fields taking `first`, times the lists they sit in. */
  searchRows: number;
}

export interface EstimateOptions {
  /** Length assumed for a list without a page size (a person's children, a holder's licenses). Default 5. */
  unpagedListSize?: number;
}

/**
 * The rows an operation can return, worked out from its document: a field with a `first` argument (its
 * value, from a variable or the schema's default) returns a page of that many; a list without one is
 * assumed `unpagedListSize` long; nested lists multiply. Fragments count as if each applied, so the
 * estimate is an upper bound for a budget, not a prediction.
 */
export function estimateRows(
  schema: GraphQLSchema,
  document: DocumentNode,
  operation: OperationDefinitionNode,
  variables: Record<string, unknown> | undefined,
  { unpagedListSize = 5 }: EstimateOptions = {},
): EstimatedRows {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const d of document.definitions) if (d.kind === Kind.FRAGMENT_DEFINITION) fragments.set(d.name.value, d);
  const total: EstimatedRows = { rows: 0, searchRows: 0 };

  const pageSize = (field: GraphQLField<unknown, unknown>, node: FieldNode): number | undefined => {
    const argument = field.args.find((a) => a.name === 'first');
    if (!argument) return undefined;
    const given = node.arguments?.find((a) => a.name.value === 'first');
    const value = given ? valueFromAST(given.value, argument.type, variables) : argument.defaultValue;
    return typeof value === 'number' && Number.isFinite(value) && value > 0 ? value : undefined;
  };

  // `page`: a page size handed down from a connection field to the lists inside it (`nodes`, `edges`).
  const walk = (selectionSet: SelectionSetNode, parent: GraphQLCompositeType, times: number, page: number | undefined, seen: ReadonlySet<string>): void => {
    for (const selection of selectionSet.selections) {
      if (selection.kind === Kind.FRAGMENT_SPREAD) {
        const fragment = fragments.get(selection.name.value);
        if (!fragment || seen.has(fragment.name.value)) continue;
        const on = schema.getType(fragment.typeCondition.name.value);
        if (isCompositeType(on)) walk(fragment.selectionSet, on, times, page, new Set([...seen, fragment.name.value]));
        continue;
      }
      if (selection.kind === Kind.INLINE_FRAGMENT) {
        const on = selection.typeCondition ? schema.getType(selection.typeCondition.name.value) : parent;
        if (isCompositeType(on)) walk(selection.selectionSet, on, times, page, seen);
        continue;
      }
      if (!selection.selectionSet) continue;
      const field = 'getFields' in parent ? parent.getFields()[selection.name.value] : undefined;
      if (!field) continue;
      const type = getNamedType(field.type);
      if (!isCompositeType(type)) continue;
      const first = pageSize(field, selection);
      const list = isListType(getNullableType(field.type));
      const count = list ? times * (first ?? page ?? unpagedListSize) : times;
      total.rows += count;
      if (first !== undefined) total.searchRows += times * first;
      // A page size on a field that is not itself a list (a connection) applies to the lists inside it.
      walk(selection.selectionSet, type, count, !list && first !== undefined ? first : undefined, seen);
    }
  };

  const root =
    operation.operation === 'query' ? schema.getQueryType() : operation.operation === 'mutation' ? schema.getMutationType() : schema.getSubscriptionType();
  if (root && isObjectType(root)) walk(operation.selectionSet, root, 1, undefined, new Set());
  return total;
}
