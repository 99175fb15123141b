import type { PlatformClient } from './platformView';

/** The platform refused the supervisor's read, or could not serve it: the run stops, saying why. */
export class PlatformReadError extends Error {
  override name = 'PlatformReadError';
}

/** Answers worth asking again: the gateway shed the request, or an owner was briefly out. */
const PASSING = new Set(['OVERLOADED', 'OWNER_UNAVAILABLE', 'TIMEOUT']);

export interface PlatformClientOptions {
  /** Attempts per read before the run stops. Default 3. */
  attempts?: number;
  /** Wait before the second attempt, ms, doubled each time. Default 500. */
  backoffMs?: number;
}

/**
 * Reads through the gateway as the quality supervisor's application. Any error in an answer stops the run
 * (a record left out would look absent and fail rules it passes), except passing ones — load shed, an owner
 * briefly out — which are asked again a few times first.
 */
export function createPlatformClient(url: string, apiKey: string, { attempts = 3, backoffMs = 500 }: PlatformClientOptions = {}): PlatformClient {
  return async (query, variables) => {
    for (let attempt = 1; ; attempt++) {
      let codes: string[];
      let detail: string;
      try {
        const response = await fetch(url, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${apiKey}` },
          body: JSON.stringify({ query, variables }),
        });
        const body = (await response.json()) as { data?: Record<string, unknown> | null; errors?: { message: string; extensions?: { code?: string } }[] };
        if (!body.errors?.length && body.data) return body.data;
        codes = [...new Set((body.errors ?? []).map((e) => e.extensions?.code ?? 'UNKNOWN'))];
        detail =
          `The platform answered the quality supervisor with ${codes.join(', ') || `HTTP ${response.status}`}: ${body.errors?.[0]?.message ?? ''}`.trim();
      } catch (error) {
        codes = ['UNREACHABLE'];
        detail = `The quality supervisor could not reach the gateway: ${(error as Error).message}`;
      }
      const passing = codes.every((c) => PASSING.has(c) || c === 'UNREACHABLE');
      if (!passing || attempt >= attempts) throw new PlatformReadError(attempt > 1 ? `${detail} (after ${attempt} attempts)` : detail);
      await new Promise((resolve) => setTimeout(resolve, backoffMs * 2 ** (attempt - 1)));
    }
  };
}
