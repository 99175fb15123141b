import type { CatalogItem } from '@civicgraph/schema';
import { GraphQLScalarType, type GraphQLSchema } from 'graphql';
import { DateScalar, DateTimeScalar } from '@civicgraph/subgraph-kit';
import type { Resolvers } from '../generated/graphql';
import type { GrantableFields } from '../rules';
import { applicationResolvers } from './applications';
import { auditResolvers } from './auditLog';
import { departmentResolvers } from './departments';
import { grantResolvers } from './grants';
import { grantUsageResolvers } from './grantUsage';
import { operationResolvers } from './operations';
import { scenarioResolvers } from './scenarios';
import { scenarioSchemaResolvers } from './scenarioSchema';
import { objectionResolvers } from './objections';
import { qualityResolvers } from './quality';
import { shareRequestResolvers } from './shareRequests';
import { openDataApplicationResolvers } from './openDataApplications';
import { openDataEvaluationResolvers } from './openDataEvaluation';
import { changeSubscriptionResolvers } from './changeSubscriptions';

/** The governance subgraph's resolvers, one file per entity, merged. */
export function createResolvers(
  fields: GrantableFields,
  catalog: ReadonlyMap<string, CatalogItem>,
  api: GraphQLSchema,
  now: () => Date = () => new Date(),
): Resolvers {
  const parts: Resolvers[] = [
    { DateTime: DateTimeScalar, Date: DateScalar },
    departmentResolvers,
    applicationResolvers,
    scenarioResolvers(fields),
    scenarioSchemaResolvers(api, catalog),
    grantResolvers(fields),
    operationResolvers(api),
    shareRequestResolvers(catalog, now),
    auditResolvers,
    grantUsageResolvers,
    qualityResolvers(now),
    objectionResolvers(catalog, now),
    openDataApplicationResolvers(now),
    openDataEvaluationResolvers(catalog, now),
    changeSubscriptionResolvers(now),
  ];
  return mergeResolvers(parts);
}

/** Merges resolver maps type by type (a scalar is taken whole); a field defined twice is a programming error. */
function mergeResolvers(parts: readonly Resolvers[]): Resolvers {
  const merged: Record<string, object> = {};
  for (const part of parts) {
    for (const [typeName, fields] of Object.entries(part)) {
      if (typeName in merged && (fields instanceof GraphQLScalarType || merged[typeName] instanceof GraphQLScalarType))
        throw new Error(`scalar ${typeName} is resolved twice`);
      if (fields instanceof GraphQLScalarType) {
        merged[typeName] = fields;
        continue;
      }
      const into = (merged[typeName] ??= {}) as Record<string, unknown>;
      for (const [field, resolver] of Object.entries(fields as object)) {
        if (field in into) throw new Error(`${typeName}.${field} is resolved twice`);
        into[field] = resolver;
      }
    }
  }
  return merged as Resolvers;
}
