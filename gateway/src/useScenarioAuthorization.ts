import { createHash } from 'node:crypto';
import type { ApolloServerPlugin } from '@apollo/server';
import type { ScenarioDirectory } from '@civicgraph/governance';
import { reachableCoordinates } from '@civicgraph/policy';
import { GraphQLError, print } from 'graphql';
import type { GatewayContext } from './GatewayContext';

/** The introspection "coordinate" a scenario must hold to read the schema. */
export const INTROSPECTION_COORDINATE = 'Query.__schema';

/**
 * Refuses, before any subgraph is called, an operation that can reach a field coordinate the caller's
 * scenario is not granted — through fragments, aliases and `@skip`/`@include` alike — with FORBIDDEN and
 * the coordinates in `extensions.notGranted`. The reachable coordinates are computed once per document
 * and operation name; the grant check on each request is a set lookup, so grant changes and expiries
 * apply at once.
 */
export function useScenarioAuthorization(directory: ScenarioDirectory, cacheSize = 1_000): ApolloServerPlugin<GatewayContext> {
  const coordinatesByDocument = new Map<string, string[]>();
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ document, operationName, schema, contextValue, queryHash }) {
          const key = `${queryHash ?? createHash('sha256').update(print(document)).digest('hex')}:${operationName ?? ''}`;
          let coordinates = coordinatesByDocument.get(key);
          if (!coordinates) {
            const reach = reachableCoordinates(schema, document, operationName);
            coordinates = reach.introspection ? [...reach.coordinates, INTROSPECTION_COORDINATE].sort() : reach.coordinates;
            if (coordinatesByDocument.size >= cacheSize) coordinatesByDocument.delete(coordinatesByDocument.keys().next().value!);
            coordinatesByDocument.set(key, coordinates);
          }
          const notGranted = directory.notGranted(contextValue.caller.scenario, coordinates);
          if (notGranted.length) {
            throw new GraphQLError(`Scenario "${contextValue.caller.scenario.code}" is not granted ${notGranted.join(', ')}`, {
              extensions: { code: 'FORBIDDEN', notGranted, http: { status: 403 } },
            });
          }
        },
      };
    },
  };
}
