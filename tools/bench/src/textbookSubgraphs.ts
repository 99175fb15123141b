import { ApolloServer } from '@apollo/server';
import { startStandaloneServer } from '@apollo/server/standalone';
import { buildSubgraphSchema, type GraphQLResolverMap } from '@apollo/subgraph';
import { DisclosureRecorder } from '@civicgraph/audit';
import type { Database } from '@civicgraph/db';
import { eLicenseResolvers } from '@civicgraph/e-license-subgraph';
import { legalEntityResolvers } from '@civicgraph/legal-entity-subgraph';
import type { RequestContextClaims } from '@civicgraph/policy';
import { populationResolvers } from '@civicgraph/population-subgraph';
import { PrismaClient as ELicenseClient } from '@civicgraph/prisma/e-license';
import { PrismaClient as LegalEntityClient } from '@civicgraph/prisma/legal-entity';
import { PrismaClient as PopulationClient } from '@civicgraph/prisma/population';
import { PrismaClient as SpatialClient } from '@civicgraph/prisma/spatial';
import { readCatalog, readSupergraphSdl, subgraphTypeDefs } from '@civicgraph/schema';
import { spatialResolvers } from '@civicgraph/spatial-subgraph';
import { textbookELicenseLoaders, textbookLegalEntityLoaders, textbookPopulationLoaders, textbookSpatialLoaders } from './textbookLoaders';

/** The base subgraphs the benchmark's queries reach; governance is never fetched by them. */
export const BASE_SUBGRAPHS = ['population', 'legal-entity', 'spatial', 'e-license'] as const;
export type BaseSubgraphName = (typeof BASE_SUBGRAPHS)[number];

/** A caller allowed everything: every field granted, nothing masked, no row constraints. */
const EVERYTHING: RequestContextClaims = {
  requestId: 'textbook',
  app: 'textbook',
  department: 'TEXTBOOK',
  scenario: 'textbook',
  grantVersion: 1,
  subject: null,
  useReason: null,
  grants: readCatalog(readSupergraphSdl()).entries.map((e) => e.coordinate),
  masks: {},
  constraints: {},
};
const EVERY_GRANT: ReadonlySet<string> = new Set(EVERYTHING.grants);

interface Parts {
  resolvers: object;
  prisma: (db: Database) => unknown;
  loaders: (prisma: never) => unknown;
}

const PARTS: Record<BaseSubgraphName, Parts> = {
  population: { resolvers: populationResolvers, prisma: (db) => new PopulationClient({ adapter: db.adapter }), loaders: textbookPopulationLoaders },
  'legal-entity': { resolvers: legalEntityResolvers, prisma: (db) => new LegalEntityClient({ adapter: db.adapter }), loaders: textbookLegalEntityLoaders },
  spatial: { resolvers: spatialResolvers, prisma: (db) => new SpatialClient({ adapter: db.adapter }), loaders: textbookSpatialLoaders },
  'e-license': { resolvers: eLicenseResolvers, prisma: (db) => new ELicenseClient({ adapter: db.adapter }), loaders: textbookELicenseLoaders },
};

/**
 * The textbook baseline's subgraph: what a team would build from the Apollo and Prisma documentation —
 * `@apollo/subgraph` over `@apollo/server`'s standalone server with default options, Prisma resolvers
 * with per-request DataLoaders (textbookLoaders.ts) — serving the same resolvers over the same database, with no
 * signed context, no shield or masks and no disclosure log.
 */
export async function startTextbookSubgraph(name: BaseSubgraphName, db: Database): Promise<{ url: string; close(): Promise<void> }> {
  const parts = PARTS[name];
  const prisma = parts.prisma(db);
  const server = new ApolloServer({
    schema: buildSubgraphSchema([{ typeDefs: subgraphTypeDefs(name), resolvers: parts.resolvers as GraphQLResolverMap<unknown> }]),
  });
  const { url } = await startStandaloneServer(server, {
    listen: { port: 0, host: '127.0.0.1' },
    // The resolvers read their context's shape; the textbook one allows everything.
    context: async () => ({
      requestId: 'textbook',
      caller: EVERYTHING,
      grants: EVERY_GRANT,
      prisma,
      loaders: parts.loaders(prisma as never),
      cleared: true,
      disclosures: new DisclosureRecorder(),
    }),
  });
  return { url, close: () => server.stop() };
}
