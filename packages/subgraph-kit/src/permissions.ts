import { applyMask, reachableCoordinates } from '@civicgraph/policy';
import { forbidden } from '@civicgraph/errors';
import { applyMiddleware, type IMiddlewareFunction } from 'graphql-middleware';
import { rule, shield } from 'graphql-shield';
import {
  defaultFieldResolver,
  getNamedType,
  isObjectType,
  Kind,
  valueFromASTUntyped,
  type DocumentNode,
  type GraphQLFieldResolver,
  type GraphQLSchema,
} from 'graphql';
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

type AnyContext = SubgraphContext<unknown, unknown>;

export interface Permissions {
  /** The schema to serve: every field checked by graphql-shield and masked where the grant says so, unless the request was cleared whole. */
  schema: GraphQLSchema;
  /** Before execution: clears the request when every field its operation can reach is granted and unmasked (see below). */
  clear(context: AnyContext, document: DocumentNode, operationName: string | undefined): void;
}

/**
 * The data owner's own enforcement (defence in depth: the gateway checked first).
 *
 * graphql-shield, with rules from the signed grants, denies every field the context does not grant — a
 * refused field is null with FORBIDDEN at its path — and granted fields the scenario reads masked are
 * masked here, so the raw value never leaves the owner.
 *
 * Checking each field as it resolves costs on every field of every row, and the gateway has normally
 * refused anything ungranted already. So before execution `clear` decides from the operation itself,
 * with the same reachability analysis as the gateway and against the same signed grants: if every field
 * the operation can reach is granted and none is masked, the request is cleared and runs on the plain
 * resolvers; otherwise (a bypassed or wrong gateway, or a mask) every field goes through the shield.
 * What an operation can reach is worked out once per document (the executor keeps validated documents).
 * Deny by default holds both ways: a request is only cleared when nothing it could reach is denied.
 */
export function applyPermissions(schema: GraphQLSchema, typeDefs: DocumentNode): Permissions {
  const always = new Set([...FEDERATION, ...keyFieldCoordinates(typeDefs)]);
  const isGranted = rule({ cache: 'no_cache' })((_parent, _args, ctx: AnyContext, info) => {
    const coordinate = `${info.parentType.name}.${info.fieldName}`;
    if (always.has(coordinate) || ctx.grants.has(coordinate)) return true;
    return forbidden(`Scenario "${ctx.caller.scenario}" is not granted ${coordinate}`, { notGranted: [coordinate] });
  });
  const permissions = shield({}, { fallbackRule: isGranted, allowExternalErrors: true });

  const mask: IMiddlewareFunction = async (resolve, parent, args, ctx: AnyContext, info) => {
    const value = await resolve(parent, args, ctx, info);
    const kind = ctx.caller.masks[`${info.parentType.name}.${info.fieldName}`];
    return kind && typeof value === 'string' ? applyMask(kind, value, ctx.grants) : value;
  };
  // Masks apply to text; only String fields are wrapped.
  const masking: Record<string, Record<string, IMiddlewareFunction>> = {};
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || type.name.startsWith('_')) continue;
    for (const field of Object.values(type.getFields())) {
      if (getNamedType(field.type).name === 'String') (masking[type.name] ??= {})[field.name] = mask;
    }
  }
  const checked = applyMiddleware(schema, permissions, masking);

  // Each field of the served schema runs the shielded resolver unless its request was cleared.
  for (const type of Object.values(checked.getTypeMap())) {
    if (!isObjectType(type) || type.name.startsWith('__')) continue;
    const plainType = schema.getType(type.name);
    if (!isObjectType(plainType)) continue;
    for (const field of Object.values(type.getFields())) {
      const shielded = field.resolve ?? defaultFieldResolver;
      const plain: GraphQLFieldResolver<unknown, AnyContext> = plainType.getFields()[field.name]?.resolve ?? defaultFieldResolver;
      field.resolve = (parent, args, ctx: AnyContext, info) => (ctx.cleared ? plain(parent, args, ctx, info) : shielded(parent, args, ctx, info));
    }
  }

  const reachByDocument = new WeakMap<DocumentNode, Map<string, readonly string[]>>();
  const reachOf = (document: DocumentNode, operationName: string | undefined): readonly string[] => {
    let byOperation = reachByDocument.get(document);
    if (!byOperation) reachByDocument.set(document, (byOperation = new Map()));
    let reach = byOperation.get(operationName ?? '');
    if (!reach) {
      const found = reachableCoordinates(checked, document, operationName);
      // Introspection is never cleared: it goes through the shield like anything unusual.
      reach = found.introspection ? ['__introspection'] : found.coordinates;
      byOperation.set(operationName ?? '', reach);
    }
    return reach;
  };
  const clear = (context: AnyContext, document: DocumentNode, operationName: string | undefined) => {
    const { grants, caller } = context;
    context.cleared = reachOf(document, operationName).every((c) => (always.has(c) || grants.has(c)) && !caller.masks[c]);
  };
  return { schema: checked, clear };
}
