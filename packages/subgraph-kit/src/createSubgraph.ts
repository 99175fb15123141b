import type { GraphQLResolverMap } from '@apollo/subgraph';
import { BINDING_HEADER, CONTEXT_HEADER, type ContextTrust, type RequestContextClaims } from '@civicgraph/policy';
import { DISCLOSURE_LOG, DisclosureRecorder, verifyChain } from '@civicgraph/audit';
import { isDatabaseUnavailable, pendingMigrations, type Database } from '@civicgraph/db';
import { refuseRequest } from '@civicgraph/errors';
import { stopAtDeadline } from './stopAtDeadline';
import { migrationSourceOf } from '@civicgraph/prisma';
import { clientErrors, headerOf, observeExchange, type Logger, type RequestInfo, type SubgraphAnswer } from '@civicgraph/server';
import { subgraphTypeDefs, type SubgraphName } from '@civicgraph/schema';
import { createContextVerifier, type VerifiedCaller } from './contextVerifier';
import { recordDisclosures } from './recordDisclosures';
import { applyPermissions } from './permissions';
import { buildSchema, type Subgraph } from './serveSubgraph';
import { useDisclosureLog } from './useDisclosureLog';
import { createSubgraphExecutor, type CallOutcome } from './subgraphExecutor';

/** The per-request context of a base-database subgraph. */
export interface SubgraphContext<TPrisma, TLoaders> {
  requestId: string;
  /** Who asks, under which scenario, for whom and why — as the gateway signed it. */
  caller: RequestContextClaims;
  /** `caller.grants` as a set. */
  grants: ReadonlySet<string>;
  prisma: TPrisma;
  /** The subgraph's own database, for what Prisma does not do (its audit chain's verification). */
  db: Database;
  /** Fresh per request, so nothing cached outlives the request that loaded it. */
  loaders: TLoaders;
  /** Set before execution when every field the operation can reach is granted and unmasked (see applyPermissions). */
  cleared: boolean;
  /** The records this request disclosed, logged before the response leaves. */
  disclosures: DisclosureRecorder;
  /** The gateway's deadline for the request (ms since the epoch), if it sent one: past it, no new work starts. */
  deadline: number | undefined;
}

/** What each subgraph package's factory is given: its own database, and what it trusts from the gateway. */
export interface SubgraphDeps {
  /** The subgraph's own database, migrated. */
  db: Database;
  /** The gateway's public keys and this subgraph's binding keys: requests without a context the gateway signed and bound are refused. */
  contextTrust: ContextTrust;
}

export interface CreateSubgraphOptions<TPrisma, TLoaders> {
  name: SubgraphName;
  /** The subgraph's own database, migrated. */
  db: Database;
  /** The gateway's public keys and this subgraph's binding keys (during a rotation, the new and the old): only requests carrying a context the gateway signed and bound to them are served. */
  contextTrust: ContextTrust;
  /** Builds the Prisma client of that database over `db.adapter`. */
  prisma: TPrisma;
  /** Per-request loaders; the caller's row constraints are applied in them. */
  createLoaders: (caller: RequestContextClaims) => TLoaders;
  /** The subgraph's resolver map, typed by the subgraph from its SDL (GraphQL Code Generator's `Resolvers`). */
  resolvers: object;
}

export interface BaseSubgraph<TPrisma> extends Subgraph {
  prisma: TPrisma;
}

/** Wires one base database's schema file, resolvers and loaders into a subgraph. */
export function createSubgraph<TPrisma, TLoaders>(options: CreateSubgraphOptions<TPrisma, TLoaders>): BaseSubgraph<TPrisma> {
  const { name, db, prisma, createLoaders, resolvers, contextTrust } = options;
  const verify = createContextVerifier(contextTrust, name);
  const typeDefs = subgraphTypeDefs(name);
  const permissions = applyPermissions(buildSchema(typeDefs, resolvers as GraphQLResolverMap<SubgraphContext<TPrisma, TLoaders>>), typeDefs);
  const served = permissions.schema;
  recordDisclosures(served, typeDefs);
  stopAtDeadline(served, name);
  type Context = SubgraphContext<TPrisma, TLoaders>;
  /** Who asks: the gateway's signed context bound to this request, or a refusal. */
  const createContext = async (info: RequestInfo) => {
    let caller: VerifiedCaller;
    try {
      caller = await verify(headerOf(info, CONTEXT_HEADER), headerOf(info, BINDING_HEADER));
    } catch (error) {
      // Every operation, _entities and _service included: the subgraph trusts only the gateway.
      const reason = (error as { reason?: string }).reason ?? 'INVALID';
      throw refuseRequest('UNAUTHENTICATED', `Subgraph ${name} serves only requests signed by the gateway (${reason.toLowerCase()} context)`);
    }
    // The deadline the gateway bound to this request with the context.
    const { deadline } = caller.claims;
    // The gateway has stopped waiting: nothing is looked up for an answer nobody will read.
    if (deadline !== undefined && Date.now() >= deadline)
      throw refuseRequest('TIMEOUT', `${name}: the request's deadline passed before it started`, { owner: name });
    return {
      requestId: caller.claims.requestId,
      caller: caller.claims,
      grants: caller.grants,
      prisma,
      db,
      loaders: createLoaders(caller.claims),
      cleared: false,
      disclosures: new DisclosureRecorder(),
      deadline,
    };
  };

  /** The subgraph's metrics: requests by scenario, decision and first error code, and their duration. */
  const observe = (context: Context | undefined, answer: SubgraphAnswer, outcome: CallOutcome) => {
    const errorCodes = (answer.result.errors ?? []).map((e) => String(e.extensions?.code ?? 'INTERNAL_SERVER_ERROR'));
    observeExchange(
      name,
      context?.caller.scenario ?? null,
      [{ executed: outcome.executed && answer.result.data !== undefined, errorCodes }],
      outcome.startedAt,
    );
  };

  return {
    name,
    prisma,
    schema: served,
    start(logger: Logger) {
      const disclosureLog = useDisclosureLog(db, name, logger);
      return createSubgraphExecutor<Context>({
        service: name,
        schema: served,
        context: createContext,
        willExecute(context, document, operationName) {
          permissions.clear(context, document, operationName);
          disclosureLog.began();
        },
        async willSend(context, answer, outcome) {
          const delivered =
            context && outcome.executed ? await disclosureLog.commit(context as SubgraphContext<unknown, unknown>, answer, outcome.arrivedAt) : answer;
          observe(context, delivered, outcome);
          return delivered;
        },
        errors: clientErrors(logger, { name, isUnavailable: isDatabaseUnavailable }),
      });
    },
    checkHealth: async () => {
      await db.query('SELECT 1');
    },
    checkReady: async () => {
      const pending = await pendingMigrations(db, migrationSourceOf(name));
      if (pending.length) throw new Error(`${pending.length} migrations pending`);
    },
    verifyAudit: async (anchors = []) => [
      {
        database: name,
        ...(await verifyChain(
          db,
          DISCLOSURE_LOG,
          anchors.filter((a) => a.table === DISCLOSURE_LOG.table),
        )),
      },
    ],
  };
}
