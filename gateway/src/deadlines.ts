/** How long a request may take, by default, before the owners still working on it are cut off. */
export const DEFAULT_REQUEST_TIMEOUT_MS = 10_000;

/** Node.js timers hold at most a signed 32-bit count of milliseconds. */
const MAX_TIMER_MS = 2 ** 31 - 1;

/** A fetch cut off at the request's deadline. */
export class DeadlineExceeded extends Error {
  constructor(readonly url: string) {
    super(`the request's deadline passed before ${url} answered`);
    this.name = 'DeadlineExceeded';
  }
}

/** `work`, or DeadlineExceeded once `ms` have passed: one timer aborts the work's signal and stops waiting for it. */
export async function within<T>(ms: number, url: string, work: (signal: AbortSignal) => Promise<T>): Promise<T> {
  if (ms <= 0) throw new DeadlineExceeded(url);
  const controller = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => {
        controller.abort();
        reject(new DeadlineExceeded(url));
      },
      Math.min(ms, MAX_TIMER_MS),
    );
  });
  try {
    return await Promise.race([work(controller.signal), expired]);
  } finally {
    clearTimeout(timer);
  }
}
