import { notFound } from '@civicgraph/errors';
import { describeScenarioSchema, parseRowConstraints, type FieldCatalog } from '@civicgraph/policy';
import type { CatalogItem } from '@civicgraph/schema';
import type { GraphQLSchema } from 'graphql';
import type { Resolvers } from '../generated/graphql';
import { neverGranted } from '../rules';
import { developerScope } from './consoleScope';

/** An administrator's preview of a scenario's schema, without one of its keys. */
export function scenarioSchemaResolvers(api: GraphQLSchema, catalog: ReadonlyMap<string, CatalogItem>): Resolvers {
  const catalogOf = (coordinate: string): FieldCatalog | undefined => catalog.get(coordinate);
  return {
    Query: {
      async scenarioSchema(_, { code }, ctx) {
        const scope = await developerScope(ctx);
        const scenario = scope && !scope.scenarios.has(code) ? null : await ctx.prisma.scenario.findUnique({ where: { code }, include: { grants: true } });
        if (!scenario) throw notFound(`Scenario "${code}"`);
        return describeScenarioSchema(
          api,
          {
            code: scenario.code,
            version: scenario.version,
            grants: scenario.grants,
            constraints: parseRowConstraints(scenario.constraints ?? {}),
            registeredOperationsOnly: scenario.registeredOperationsOnly,
          },
          catalogOf,
          neverGranted(),
        );
      },
    },
  };
}
