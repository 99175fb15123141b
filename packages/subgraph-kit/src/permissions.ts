import { applyMask } from '@civicgraph/policy';
import { applyMiddleware, type IMiddlewareFunction } from 'graphql-middleware';
import { rule, shield } from 'graphql-shield';
import { getNamedType, GraphQLError, isObjectType, Kind, valueFromASTUntyped, type DocumentNode, type GraphQLSchema } from 'graphql';
import type { SubgraphContext } from './createSubgraph';

/** Federation plumbing every caller may use; the data behind `_entities` is checked field by field. */
const FEDERATION = ['Query._entities', 'Query._service', '_Service.sdl'];

/**
 * Key fields of the entities a subgraph defines or references (`Person.id`, `Division.code`): opaque ids
 * the gateway's query plan adds to join subgraphs, whatever the client asked for.
 */
function keyFieldCoordinates(typeDefs: DocumentNode): string[] {
  return typeDefs.definitions.flatMap((definition) => {
    if (definition.kind !== Kind.OBJECT_TYPE_DEFINITION && definition.kind !== Kind.OBJECT_TYPE_EXTENSION) return [];
    return (definition.directives ?? [])
      .filter((d) => d.name.value === 'key')
      .flatMap((d) => {
        const fields = d.arguments?.find((a) => a.name.value === 'fields');
        return fields ? String(valueFromASTUntyped(fields.value)).split(/\s+/).filter(Boolean) : [];
      })
      .map((field) => `${definition.name.value}.${field}`);
  });
}

/**
 * The data owner's own enforcement (defence in depth: the gateway checked first): graphql-shield denies
 * every field the signed context does not grant — a refused field is null with FORBIDDEN at its path —
 * and granted fields the scenario reads masked are masked here, so the raw value never leaves the owner.
 */
export function applyPermissions<TContext extends SubgraphContext<unknown, unknown>>(schema: GraphQLSchema, typeDefs: DocumentNode): GraphQLSchema {
  const always = new Set([...FEDERATION, ...keyFieldCoordinates(typeDefs)]);
  const isGranted = rule({ cache: 'no_cache' })((_parent, _args, ctx: TContext, info) => {
    const coordinate = `${info.parentType.name}.${info.fieldName}`;
    if (always.has(coordinate) || ctx.grants.has(coordinate)) return true;
    return new GraphQLError(`Scenario "${ctx.caller.scenario}" is not granted ${coordinate}`, { extensions: { code: 'FORBIDDEN', notGranted: [coordinate] } });
  });
  const permissions = shield({}, { fallbackRule: isGranted, allowExternalErrors: true });

  const mask: IMiddlewareFunction = async (resolve, parent, args, ctx: TContext, info) => {
    const value = await resolve(parent, args, ctx, info);
    const kind = ctx.caller.masks[`${info.parentType.name}.${info.fieldName}`];
    return kind && typeof value === 'string' ? applyMask(kind, value) : value;
  };
  // Masks apply to text; only String fields are wrapped.
  const masking: Record<string, Record<string, IMiddlewareFunction>> = {};
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || type.name.startsWith('_')) continue;
    for (const field of Object.values(type.getFields())) {
      if (getNamedType(field.type).name === 'String') (masking[type.name] ??= {})[field.name] = mask;
    }
  }
  return applyMiddleware(schema, permissions, masking);
}
