/** How long a request may take, by default, before the owners still working on it are cut off. */
export const DEFAULT_REQUEST_TIMEOUT_MS = 10_000;

import { DEADLINE_HEADER } from '@civicgraph/policy';

export { DEADLINE_HEADER };

/** A fetch cut off at the request's deadline. */
export class DeadlineExceeded extends Error {
  constructor(readonly url: string) {
    super(`the request's deadline passed before ${url} answered`);
    this.name = 'DeadlineExceeded';
  }
}

/** What is left of a deadline sent in `headers`, in ms (undefined: none sent). */
export function remainingMs(headers: Record<string, string> | undefined): number | undefined {
  const deadline = Number(headers?.[DEADLINE_HEADER]);
  return Number.isFinite(deadline) && deadline > 0 ? deadline - Date.now() : undefined;
}

/** `work`, or DeadlineExceeded once `ms` have passed: one timer aborts the work's signal and stops waiting for it. */
export async function within<T>(ms: number, url: string, work: (signal: AbortSignal) => Promise<T>): Promise<T> {
  if (ms <= 0) throw new DeadlineExceeded(url);
  const controller = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      controller.abort();
      reject(new DeadlineExceeded(url));
    }, ms);
  });
  try {
    return await Promise.race([work(controller.signal), expired]);
  } finally {
    clearTimeout(timer);
  }
}
