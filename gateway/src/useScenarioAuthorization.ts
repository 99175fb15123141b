import { createHash } from 'node:crypto';
import type { ApolloServerPlugin } from '@apollo/server';
import type { ScenarioDirectory, ScenarioSnapshot } from './scenarioDirectory';
import { describeScenarioSchema, isGrantInForce, type FieldCatalog } from '@civicgraph/policy';
import { refuseRequest } from '@civicgraph/errors';
import { buildSchema, execute, type GraphQLSchema } from 'graphql';
import { boundedCache } from './boundedCache';
import type { GatewayContext } from './GatewayContext';
import type { ReachOf } from './operationReach';

/** A validation error's message where the original would name a type outside the scenario's own schema. */
export const HIDDEN_VALIDATION_MESSAGE = "The document does not fit this scenario's schema: introspect it to see what the scenario may query";

/**
 * Refuses, before any subgraph is called, an operation that can reach a field coordinate the caller's
 * scenario is not granted — through fragments, aliases and `@skip`/`@include` alike — with FORBIDDEN and
 * the coordinates in `extensions.notGranted`. The reachable coordinates are computed once per document
 * and operation name; the grant check on each request is a set lookup, so grant changes and expiries
 * apply at once.
 *
 * Introspection (`__schema`, `__type`) is answered from the scenario's own schema — granted fields only,
 * each described with what applies to it in the scenario (mask, expiry, owner, sharing; row constraints on
 * the query type) — so GraphiQL shows an app developer exactly their contract and a probe learns nothing
 * hidden. It must be sent on its own: mixed with data fields, the gateway would answer it from the whole schema.
 */
export function useScenarioAuthorization(
  directory: ScenarioDirectory,
  /** Coordinates on the negative list: refused even if a grant row names them. */
  negativeList: ReadonlySet<string>,
  reachOf: ReachOf,
  /** The catalog's owner, sharing attribute and grade of each field, for the scenario schema's descriptions. */
  catalogOf: (coordinate: string) => FieldCatalog | undefined = () => undefined,
): ApolloServerPlugin<GatewayContext> {
  const scopedByGrants = boundedCache<GraphQLSchema | null>(100);

  const scopedFor = (schema: GraphQLSchema, scenario: ScenarioSnapshot): GraphQLSchema | null => {
    const now = new Date();
    const granted = [...scenario.grants.values()]
      .filter((g) => isGrantInForce(g, now, negativeList))
      .map((g) => g.coordinate)
      .sort();
    // Keyed by the grants in force and the version, not the version alone: an expiry changes them without a new version.
    const key = createHash('sha256')
      .update(`${scenario.code}\n${scenario.version}\n${granted.join('\n')}`)
      .digest('hex');
    return scopedByGrants(key, () => {
      const sdl = describeScenarioSchema(schema, { ...scenario, grants: scenario.grants.values() }, catalogOf, negativeList, now);
      return sdl === null ? null : buildSchema(sdl);
    });
  };

  return {
    async requestDidStart() {
      let introspection = false;
      return {
        async didResolveOperation({ document, operationName, schema, contextValue, queryHash }) {
          const reach = reachOf(schema, document, operationName, queryHash);
          const { scenario } = contextValue.caller;
          if (reach.introspection) {
            if (reach.coordinates.length)
              throw refuseRequest('BAD_REQUEST', 'Send introspection (__schema, __type) in an operation of its own, without data fields');
            // Refused here, where a refusal is an answer: GraphQL's introspection needs a query type, and a
            // scenario granted nothing it could query (mutations only, say) has none to show.
            if (!scopedFor(schema, scenario)?.getQueryType()) {
              throw refuseRequest(
                'FORBIDDEN',
                `Scenario "${scenario.code}" is granted no field it could query, and introspection needs one: read its schema (mutations only) from GET /schema.graphql`,
              );
            }
            introspection = true;
            return;
          }
          const notGranted = directory.notGranted(scenario, reach.coordinates, negativeList);
          if (notGranted.length) throw refuseRequest('FORBIDDEN', `Scenario "${scenario.code}" is not granted ${notGranted.join(', ')}`, { notGranted });
        },
        async willSendResponse({ response, schema, contextValue }) {
          // A validation error quotes names from the whole supergraph ("Field "x" is not defined by type
          // "PersonFilter""): where one names a type the scenario's own schema does not have, the message
          // says only that the document does not fit, so an error never shows what the scenario cannot see.
          if (response.body.kind !== 'single' || !contextValue.caller) return;
          const errors = response.body.singleResult.errors;
          if (!errors?.some((e) => e.extensions?.code === 'GRAPHQL_VALIDATION_FAILED')) return;
          const visible = scopedFor(schema, contextValue.caller.scenario)?.getTypeMap() ?? {};
          const hidden = (name: string) => schema.getType(name) !== undefined && !(name in visible);
          response.body.singleResult.errors = errors.map((e) =>
            e.extensions?.code === 'GRAPHQL_VALIDATION_FAILED' && [...e.message.matchAll(/"([_A-Za-z][_0-9A-Za-z]*)"/g)].some(([, name]) => hidden(name!))
              ? { message: HIDDEN_VALIDATION_MESSAGE, ...(e.locations ? { locations: e.locations } : {}), extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } }
              : e,
          );
        },
        async responseForOperation({ document, operationName, schema, contextValue, request, response }) {
          if (!introspection) return null;
          const scoped = scopedFor(schema, contextValue.caller.scenario);
          if (!scoped) throw new Error('introspection without a scoped schema, which didResolveOperation refuses');
          const result = await execute({ schema: scoped, document, operationName, variableValues: request.variables, contextValue });
          return { http: response.http, body: { kind: 'single', singleResult: result } };
        },
      };
    },
  };
}
