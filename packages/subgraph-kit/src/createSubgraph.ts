import type { GraphQLResolverMap } from '@apollo/subgraph';
import type { Database } from '@civicgraph/db';
import type { RequestInfo } from '@civicgraph/server';
import { subgraphTypeDefs, type SubgraphName } from '@civicgraph/schema';
import { buildSchema, type Subgraph } from './serveSubgraph';

/** The per-request context of a base-database subgraph. */
export interface SubgraphContext<TPrisma, TLoaders> {
  requestId: string;
  prisma: TPrisma;
  /** Fresh per request, so nothing cached outlives the request that loaded it. */
  loaders: TLoaders;
}

export interface CreateSubgraphOptions<TPrisma, TLoaders> {
  name: SubgraphName;
  /** The subgraph's own database, migrated. */
  db: Database;
  /** Builds the Prisma client of that database over `db.adapter`. */
  prisma: TPrisma;
  createLoaders: (prisma: TPrisma) => TLoaders;
  /** The subgraph's resolver map, typed by the subgraph from its SDL (GraphQL Code Generator's `Resolvers`). */
  resolvers: object;
}

export interface BaseSubgraph<TPrisma, TLoaders> extends Subgraph<SubgraphContext<TPrisma, TLoaders>> {
  prisma: TPrisma;
}

/** Wires one base database's schema file, resolvers and loaders into a subgraph. */
export function createSubgraph<TPrisma, TLoaders>(options: CreateSubgraphOptions<TPrisma, TLoaders>): BaseSubgraph<TPrisma, TLoaders> {
  const { name, db, prisma, createLoaders, resolvers } = options;
  return {
    name,
    prisma,
    schema: buildSchema(subgraphTypeDefs(name), resolvers as GraphQLResolverMap<SubgraphContext<TPrisma, TLoaders>>),
    createContext: async (info: RequestInfo) => ({ requestId: info.requestId, prisma, loaders: createLoaders(prisma) }),
    checkHealth: async () => {
      await db.query('SELECT 1');
    },
  };
}
