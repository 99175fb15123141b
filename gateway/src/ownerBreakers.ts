import CircuitBreaker from 'opossum';
import { metricsOf } from '@civicgraph/observability';

export interface BreakerSettings {
  /** Fetches in the rolling window before the breaker may open. Default 5. */
  volumeThreshold?: number;
  /** Share of failed fetches in the window, in percent, above which it opens. Default 50. */
  errorThresholdPercentage?: number;
  /** How long an open breaker fails fast before it lets one probe through, ms. Default 5,000. */
  resetTimeoutMs?: number;
  /** The rolling window, ms. Default 10,000. */
  windowMs?: number;
}

/** Thrown, without reaching the owner, while its breaker is open. */
export class BreakerOpen extends Error {
  constructor(readonly owner: string) {
    super(`${owner}'s circuit breaker is open`);
    this.name = 'BreakerOpen';
  }
}

export interface OwnerBreakers {
  /**
   * Runs `fetch` through the owner's breaker: fails fast with BreakerOpen while it is open; a failure
   * `isOutage` says is one (unreachable, timed out, unable to commit) counts toward opening it.
   */
  guard<T>(owner: string, fetch: () => Promise<T>): Promise<T>;
  /** Owners whose breaker is open or probing: the gateway's `/ready` names them. */
  unavailable(): string[];
  /** Seconds a client should wait before retrying an owner's fields. */
  readonly retryAfterSeconds: number;
  close(): void;
}

/**
 * One circuit breaker per data owner (opossum): when more than half of an owner's fetches in the last ten
 * seconds failed as outages (at least five), its fields fail fast with OWNER_UNAVAILABLE instead of every
 * request waiting out the deadline; after five seconds one fetch probes, and its success closes the breaker.
 */
export function createOwnerBreakers(isOutage: (error: unknown) => boolean, settings: BreakerSettings = {}): OwnerBreakers {
  const resetTimeout = settings.resetTimeoutMs ?? 5_000;
  const byOwner = new Map<string, CircuitBreaker<[() => Promise<unknown>], unknown>>();
  const state = metricsOf('gateway').ownerBreakerOpen;

  function breakerOf(owner: string) {
    let breaker = byOwner.get(owner);
    if (!breaker) {
      breaker = new CircuitBreaker((fetch: () => Promise<unknown>) => fetch(), {
        name: owner,
        // The request's deadline already bounds every fetch.
        timeout: false,
        resetTimeout,
        volumeThreshold: settings.volumeThreshold ?? 5,
        errorThresholdPercentage: settings.errorThresholdPercentage ?? 50,
        rollingCountTimeout: settings.windowMs ?? 10_000,
        // An owner's answer that is not an outage (a refused argument, a record not found) is a success here.
        errorFilter: (error: unknown) => !isOutage(error),
      });
      breaker.on('open', () => state.set({ subgraph: owner }, 1));
      breaker.on('halfOpen', () => state.set({ subgraph: owner }, 0.5));
      breaker.on('close', () => state.set({ subgraph: owner }, 0));
      byOwner.set(owner, breaker);
    }
    return breaker;
  }

  return {
    async guard<T>(owner: string, fetch: () => Promise<T>): Promise<T> {
      try {
        return (await breakerOf(owner).fire(fetch)) as T;
      } catch (error) {
        if ((error as { code?: unknown }).code === 'EOPENBREAKER') throw new BreakerOpen(owner);
        throw error;
      }
    },
    unavailable: () => [...byOwner].filter(([, b]) => !b.closed).map(([owner]) => owner),
    retryAfterSeconds: Math.max(1, Math.ceil(resetTimeout / 1000)),
    close() {
      for (const breaker of byOwner.values()) breaker.shutdown();
    },
  };
}
