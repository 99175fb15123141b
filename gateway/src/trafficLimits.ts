import { trafficRefused } from '@civicgraph/errors';
import type { Queryable } from '@civicgraph/db';
import { BurstyRateLimiter, RateLimiterMemory, RateLimiterPostgres, RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';
import type { GraphQLError } from 'graphql';
import type { Caller } from './scenarioDirectory';

/** Failed authentications one source (or one key prefix) may make in a minute before it is shut out for the rest of it. */
export const DEFAULT_FAILED_AUTHENTICATIONS_PER_MINUTE = 20;
const BURST_WINDOW_SECONDS = 10;
const DAY_SECONDS = 86_400;

/** Requests an open-API client may send in 24 hours, by default. */
export const DEFAULT_OPEN_REQUESTS_PER_DAY = 10_000;

/** Where a client stands against its daily request quota (the `X-RateLimit-*` headers of the open API). */
export interface RequestQuota {
  limit: number;
  remaining: number;
  /** Seconds until the quota is whole again. */
  resetSeconds: number;
}

export interface TrafficLimits {
  /**
   * Why this request is refused (over the scenario's rate for the application, over its row quota, or, for an
   * open-API client, over its daily requests), if it is; and an open-API client's quota after it.
   */
  admit(caller: Caller): Promise<{ refusal: GraphQLError | null; quota?: RequestQuota }>;
  /** Counts rows disclosed by a delivered response against the application's quota under the scenario. */
  disclosed(caller: Caller, rows: number): Promise<void>;
  /** Null, or a refusal for a source or key prefix that failed to authenticate too often of late. */
  admitAuthentication(source: string | undefined, keyPrefix: string | undefined): Promise<GraphQLError | null>;
  /** Counts a failed authentication against its source and key prefix. */
  authenticationFailed(source: string | undefined, keyPrefix: string | undefined): Promise<void>;
}

/**
 * The governance database as rate-limiter-flexible's PostgreSQL store expects a `pg` pool to answer: the
 * counters live there, so every gateway over the same governance database shares them.
 */
function storeClient(db: Queryable) {
  return {
    query: async ({ text, values }: { text: string; values?: unknown[] }) => {
      const rows = await db.query<{ points: number; expire: string | number | bigint | null }>(text, values);
      // BIGINT arrives as text (pg) or bigint (PGlite); the limiter does arithmetic with it.
      for (const row of rows) if (row.expire !== null && row.expire !== undefined) row.expire = Number(row.expire);
      return { rows, rowCount: rows.length };
    },
  };
}

// An open-API client is counted on its own: they all act as the one open application.
const keyOf = (caller: Caller) => `${caller.applicationId}:${caller.scenario.code}${caller.client === undefined ? '' : `:${caller.client}`}`;

/**
 * Per application and scenario: a request rate (with a burst over ten seconds) and a row quota over 24
 * hours, as the scenario sets them, counted in the governance database (rate-limiter-flexible) so two
 * gateways share them. Failed authentications are counted per source address and per key prefix in this
 * gateway's memory: past `failedAuthenticationsPerMinute`, every attempt from that source or with that
 * prefix, right key or not, is refused for the rest of the minute — so guessing keys gains nothing. (The
 * gateway must see clients' own addresses, not a proxy's.)
 */
export function createTrafficLimits(
  db: Queryable,
  failedAuthenticationsPerMinute = DEFAULT_FAILED_AUTHENTICATIONS_PER_MINUTE,
  openRequestsPerDay = DEFAULT_OPEN_REQUESTS_PER_DAY,
): TrafficLimits {
  const client = storeClient(db);
  const stored = (keyPrefix: string, points: number, duration: number) =>
    new RateLimiterPostgres({
      storeClient: client,
      storeType: 'pool',
      tableName: 'rate_limit',
      tableCreated: true,
      clearExpiredByTimeout: false,
      keyPrefix,
      points,
      duration,
      // While the governance database cannot answer, this gateway counts in memory (rate-limiter-flexible's
      // insurance): limits still hold, per gateway, instead of every request failing.
      insuranceLimiter: new RateLimiterMemory({ keyPrefix, points, duration }),
    });
  const limiters = new Map<string, RateLimiterAbstract | BurstyRateLimiter>();
  const limiterFor = (name: string, make: () => RateLimiterAbstract | BurstyRateLimiter) => {
    let limiter = limiters.get(name);
    if (!limiter) limiters.set(name, (limiter = make()));
    return limiter;
  };
  const rateOf = ({ requestsPerSecond: rate, burst }: Caller['scenario']['traffic']) =>
    limiterFor(`rate:${rate}:${burst}`, () => {
      const steady = stored(`rate${rate}`, rate!, 1);
      return burst ? new BurstyRateLimiter(steady, stored(`burst${burst}`, burst, BURST_WINDOW_SECONDS)) : steady;
    });
  const quotaOf = (rowsPerDay: number) => limiterFor(`rows:${rowsPerDay}`, () => stored(`rows${rowsPerDay}`, rowsPerDay, DAY_SECONDS)) as RateLimiterPostgres;
  const openRequests = stored(`open-requests${openRequestsPerDay}`, openRequestsPerDay, DAY_SECONDS);
  const failedBySource = new RateLimiterMemory({ keyPrefix: 'auth-source', points: failedAuthenticationsPerMinute, duration: 60 });
  const failedByPrefix = new RateLimiterMemory({ keyPrefix: 'auth-prefix', points: failedAuthenticationsPerMinute, duration: 60 });

  return {
    async admit(caller) {
      const { traffic, code } = caller.scenario;
      const per = caller.client === undefined ? 'application' : 'client';
      let quota: RequestQuota | undefined;
      if (caller.client !== undefined) {
        try {
          const used = await openRequests.consume(caller.client);
          quota = { limit: openRequestsPerDay, remaining: used.remainingPoints, resetSeconds: Math.ceil(used.msBeforeNext / 1000) };
        } catch (rejected) {
          if (!(rejected instanceof RateLimiterRes)) throw rejected;
          quota = { limit: openRequestsPerDay, remaining: 0, resetSeconds: Math.ceil(rejected.msBeforeNext / 1000) };
          return {
            refusal: trafficRefused('QUOTA_EXCEEDED', `The open API allows ${openRequestsPerDay} requests per client in 24 hours`, rejected.msBeforeNext),
            quota,
          };
        }
      }
      if (traffic.requestsPerSecond) {
        try {
          await rateOf(traffic).consume(keyOf(caller));
        } catch (rejected) {
          if (!(rejected instanceof RateLimiterRes)) throw rejected;
          const message = `Scenario "${code}" allows ${traffic.requestsPerSecond} requests per second per ${per}`;
          return { refusal: trafficRefused('RATE_LIMITED', message, rejected.msBeforeNext), quota };
        }
      }
      if (traffic.rowsPerDay) {
        const used = await quotaOf(traffic.rowsPerDay).get(keyOf(caller));
        if (used && used.consumedPoints >= traffic.rowsPerDay) {
          const message = `Scenario "${code}" allows ${traffic.rowsPerDay} rows per ${per} in 24 hours`;
          return { refusal: trafficRefused('QUOTA_EXCEEDED', message, used.msBeforeNext), quota };
        }
      }
      return { refusal: null, quota };
    },
    async disclosed(caller, rows) {
      const { rowsPerDay } = caller.scenario.traffic;
      if (rowsPerDay && rows > 0) await quotaOf(rowsPerDay).penalty(keyOf(caller), rows);
    },
    async admitAuthentication(source, keyPrefix) {
      for (const [limiter, key] of [
        [failedBySource, source],
        [failedByPrefix, keyPrefix],
      ] as const) {
        if (!key) continue;
        const failed = await limiter.get(key);
        if (failed && failed.consumedPoints >= failedAuthenticationsPerMinute) {
          return trafficRefused(
            'RATE_LIMITED',
            'Too many failed authentications from this source or with this key: wait before trying again',
            failed.msBeforeNext,
          );
        }
      }
      return null;
    },
    async authenticationFailed(source, keyPrefix) {
      if (source) await failedBySource.penalty(source);
      if (keyPrefix) await failedByPrefix.penalty(keyPrefix);
    },
  };
}
