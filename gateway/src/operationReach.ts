import { createHash } from 'node:crypto';
import { reachableCoordinates } from '@civicgraph/policy';
import { print, type DocumentNode, type GraphQLSchema } from 'graphql';
import { boundedCache } from './boundedCache';

export interface OperationReach {
  /** Every field coordinate the operation can reach (fragments, aliases, `@skip`/`@include` alike). */
  coordinates: string[];
  introspection: boolean;
}

export type ReachOf = (
  schema: GraphQLSchema,
  document: DocumentNode,
  operationName: string | null | undefined,
  queryHash: string | undefined,
) => OperationReach;

/**
 * What an operation can reach, worked out once per document and operation name (at most `size` kept,
 * oldest out first) — shared by the authorization check and the request log.
 */
export function createReachCache(size = 1_000): ReachOf {
  const byDocument = boundedCache<OperationReach>(size);
  return (schema, document, operationName, queryHash) => {
    const key = `${queryHash ?? createHash('sha256').update(print(document)).digest('hex')}:${operationName ?? ''}`;
    return byDocument(key, () => reachableCoordinates(schema, document, operationName));
  };
}
