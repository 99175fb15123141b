import type { KeyObject } from 'node:crypto';
import type { ApolloServerPlugin } from '@apollo/server';
import type { GraphQLResolverMap } from '@apollo/subgraph';
import { CONTEXT_HEADER, DISCLOSED_HEADER, verifyRequestContext, type GrantEnforcement, type RequestContextClaims, type VerifiedRequestContext } from '@civicgraph/policy';
import { createDisclosureLog, DisclosureRecorder } from '@civicgraph/audit';
import { pendingMigrations, type Database } from '@civicgraph/db';
import { refuseRequest } from '@civicgraph/errors';
import { migrationSourceOf } from '@civicgraph/prisma';
import { auditUnavailableResponse, headerOf, observeExchange, outcomesOf, type Exchange, type Logger, type OutcomeContext, type RawGraphQLResponse, type RequestInfo } from '@civicgraph/server';
import { subgraphTypeDefs, type SubgraphName } from '@civicgraph/schema';
import { recordDisclosures } from './disclosures';
import { applyPermissions } from './permissions';
import { buildSchema, type Subgraph } from './serveSubgraph';

/** `on` (default): every disclosure logged before release. `off` only for the benchmark's baseline. */
export type AuditMode = 'on' | 'off';

/**
 * How long a disclosure commit waits at most for requests still executing here (see GroupCommitOptions.gather).
 * Measured on the benchmark's citizen profile (PostgreSQL): audit commits per request fell from ~2.4 to ~1.2.
 * A request alone never waits; had a request's execution failed without a response (Apollo answers every
 * error with one), each commit would wait this long at worst, never longer.
 */
const COMPANION_WAIT_MS = 4;

/** The per-request context of a base-database subgraph. */
export interface SubgraphContext<TPrisma, TLoaders> extends OutcomeContext {
  requestId: string;
  /** Who asks, under which scenario, for whom and why — as the gateway signed it. */
  caller: RequestContextClaims;
  /** `caller.grants` as a set. */
  grants: ReadonlySet<string>;
  prisma: TPrisma;
  /** Fresh per request, so nothing cached outlives the request that loaded it. */
  loaders: TLoaders;
  /** Set before execution when every field the operation can reach is granted and unmasked (see applyPermissions). */
  cleared: boolean;
  /** The records this request disclosed, logged before the response leaves. */
  disclosures: DisclosureRecorder;
}

export interface CreateSubgraphOptions<TPrisma, TLoaders> {
  name: SubgraphName;
  /** The subgraph's own database, migrated. */
  db: Database;
  /** The gateway's public key: only requests carrying a context it signed are served. */
  contextKey: KeyObject;
  /** Builds the Prisma client of that database over `db.adapter`. */
  prisma: TPrisma;
  /** Per-request loaders; the caller's row constraints are applied in them. */
  createLoaders: (prisma: TPrisma, caller: RequestContextClaims) => TLoaders;
  /** The subgraph's resolver map, typed by the subgraph from its SDL (GraphQL Code Generator's `Resolvers`). */
  resolvers: object;
  /** Default `enforced`; see GrantEnforcement. */
  enforcement?: GrantEnforcement;
  /** Default `on`; see AuditMode. */
  audit?: AuditMode;
}

export interface BaseSubgraph<TPrisma, TLoaders> extends Subgraph<SubgraphContext<TPrisma, TLoaders>> {
  prisma: TPrisma;
}

/** Wires one base database's schema file, resolvers and loaders into a subgraph. */
export function createSubgraph<TPrisma, TLoaders>(options: CreateSubgraphOptions<TPrisma, TLoaders>): BaseSubgraph<TPrisma, TLoaders> {
  const { name, db, prisma, createLoaders, resolvers, contextKey } = options;
  // A request's plan may send this subgraph several fetches with the same token: verify it (and build its
  // grant set) once.
  const verified = new Map<string, { claims: VerifiedRequestContext; grants: ReadonlySet<string> }>();
  const verify = async (token: string | undefined) => {
    const hit = token ? verified.get(token) : undefined;
    if (hit && hit.claims.expiresAt > Date.now()) return hit;
    const claims = await verifyRequestContext(token, contextKey, name);
    const entry = { claims, grants: new Set(claims.grants) };
    if (verified.size >= 1_000) verified.delete(verified.keys().next().value!);
    verified.set(token!, entry);
    return entry;
  };
  const typeDefs = subgraphTypeDefs(name);
  const audited = options.audit !== 'off';
  // Requests executing here (context built, response not yet released): a disclosure commit waits briefly
  // for their records to carry them too. Counted per context, so a context counts once.
  const executing = new WeakSet<object>();
  let inFlight = 0;
  const disclosureLog = audited ? createDisclosureLog(db, name, { inFlight: () => inFlight, maxWaitMs: COMPANION_WAIT_MS }) : null;
  const served = (() => {
    const schema = buildSchema(typeDefs, resolvers as GraphQLResolverMap<SubgraphContext<TPrisma, TLoaders>>);
    if (options.enforcement === 'off-for-benchmark') return { schema, plugins: [] as ApolloServerPlugin[] };
    const permissions = applyPermissions(schema, typeDefs);
    // The plugin reads the context createContext below builds.
    return { schema: permissions.schema, plugins: [permissions.plugin as ApolloServerPlugin] };
  })();
  if (audited) recordDisclosures(served.schema, typeDefs);

  /**
   * Durable before delivery: the records this request disclosed are committed to the owner's disclosure
   * log (group commit) before the response leaves; if they cannot be, the data does not leave either.
   * To a gateway that holds its client's response until every owner confirms (`holdsResponse` in its
   * signed context), the response goes at once and the commit's outcome follows it: the owners' commits
   * overlap the rest of the query plan rather than each adding a wait in series, and the client still
   * receives nothing before every record is durable.
   */
  const beforeDelivery = async (exchange: Exchange<SubgraphContext<TPrisma, TLoaders>>, logger: Logger): Promise<RawGraphQLResponse> => {
    const { context } = exchange;
    let response = exchange.response;
    if (context && executing.delete(context)) {
      inFlight--;
      if (!context.disclosures.size) disclosureLog?.notify();
    }
    if (disclosureLog && context?.disclosures.size) {
      const { caller } = context;
      const records = context.disclosures.records({
        requestId: caller.requestId,
        at: exchange.arrivedAt,
        app: caller.app,
        department: caller.department,
        scenario: caller.scenario,
        grantVersion: caller.grantVersion,
        subject: caller.subject,
        useReason: caller.useReason,
      });
      // The commit outlives the response it follows: its handlers keep only the request id, not the exchange.
      const { requestId } = exchange;
      const committed = disclosureLog.append(records).then(
        () => true,
        (error: unknown) => {
          logger.error({ err: error, requestId }, 'disclosure log unavailable: response withheld');
          return false;
        },
      );
      // Object.assign, not spreads: see the response headers in @civicgraph/server's graphqlHandler.
      const disclosed = Object.assign({}, response, { headers: Object.assign({}, response.headers, { [DISCLOSED_HEADER]: String(context.disclosures.size) }) });
      if (caller.holdsResponse) response = Object.assign(disclosed, { auditCommitted: committed });
      else response = (await committed) ? disclosed : auditUnavailableResponse(response);
    }
    observeExchange(name, context?.caller.scenario ?? null, outcomesOf(exchange), exchange.startedAt);
    return response;
  };

  return {
    name,
    prisma,
    ...served,
    beforeDelivery,
    createContext: async (info: RequestInfo) => {
      let caller: { claims: VerifiedRequestContext; grants: ReadonlySet<string> };
      try {
        caller = await verify(headerOf(info, CONTEXT_HEADER));
      } catch (error) {
        // Every operation, _entities and _service included: the subgraph trusts only the gateway.
        const reason = (error as { reason?: string }).reason ?? 'INVALID';
        throw refuseRequest('UNAUTHENTICATED', `Subgraph ${name} serves only requests signed by the gateway (${reason.toLowerCase()} context)`);
      }
      const context = {
        requestId: caller.claims.requestId,
        caller: caller.claims,
        grants: caller.grants,
        prisma,
        loaders: createLoaders(prisma, caller.claims),
        cleared: false,
        disclosures: new DisclosureRecorder(),
      };
      if (disclosureLog) {
        executing.add(context);
        inFlight++;
      }
      return context;
    },
    checkHealth: async () => {
      await db.query('SELECT 1');
    },
    checkReady: async () => {
      const pending = await pendingMigrations(db, migrationSourceOf(name));
      if (pending.length) throw new Error(`${pending.length} migrations pending`);
    },
  };
}
