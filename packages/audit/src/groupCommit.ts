export interface GroupCommitOptions {
  /** Most records in one transaction; more wait for the next. Default 2,000. */
  maxBatch?: number;
  /** After each commit attempt: its size, duration and whether it failed. */
  onCommit?: (batch: { records: number; seconds: number; failed: boolean; waitedSeconds: number }) => void;
  /**
   * Waiting for companions (PostgreSQL's commit_delay with commit_siblings, done where the requests are
   * known): before a transaction starts, while `inFlight()` requests are still executing — each may be
   * about to append — wait for them, up to `maxWaitMs`. A request alone never waits; under load one
   * transaction carries the records of every request in flight instead of a commit each. Call `notify()`
   * when one finishes without appending.
   */
  gather?: { inFlight: () => number; maxWaitMs: number };
}

export interface GroupCommit<T> {
  /** Resolves once `records` are committed; rejects if their transaction failed. */
  append(records: readonly T[]): Promise<void>;
  /** Resolves when everything appended so far has been written (or has failed). */
  drain(): Promise<void>;
  /** A request counted by `gather.inFlight` finished without appending: a waiting transaction need not wait for it. */
  notify(): void;
}

interface Waiting<T> {
  records: readonly T[];
  resolve: () => void;
  reject: (error: unknown) => void;
}

/**
 * Group commit: while one transaction is being committed, records from concurrent requests gather, and
 * the next transaction writes all of them. One request alone commits at once; under load each commit
 * carries many requests, so durability costs one transaction per batch, not per request.
 */
export function createGroupCommit<T>(write: (records: T[]) => Promise<void>, { maxBatch = 2_000, onCommit, gather }: GroupCommitOptions = {}): GroupCommit<T> {
  const queue: Waiting<T>[] = [];
  let running: Promise<void> | null = null;
  // Wakes a transaction waiting for companions: an append arrived or a companion finished.
  let wake: (() => void) | null = null;
  const notify = () => {
    wake?.();
    wake = null;
  };

  async function waitForCompanions({ inFlight, maxWaitMs }: NonNullable<GroupCommitOptions['gather']>) {
    const deadline = performance.now() + maxWaitMs;
    for (let left = maxWaitMs; inFlight() > 0 && left > 0; left = deadline - performance.now()) {
      let timer: NodeJS.Timeout | undefined;
      await new Promise<void>((resolve) => {
        wake = resolve;
        timer = setTimeout(resolve, left);
      });
      clearTimeout(timer);
    }
  }

  async function run() {
    while (queue.length) {
      const waitStarted = process.hrtime.bigint();
      if (gather) await waitForCompanions(gather);
      const waitedSeconds = Number(process.hrtime.bigint() - waitStarted) / 1e9;
      const batch: Waiting<T>[] = [];
      let size = 0;
      // At least one waiter per transaction, however large its records.
      while (queue.length && (batch.length === 0 || size + queue[0]!.records.length <= maxBatch)) {
        const next = queue.shift()!;
        batch.push(next);
        size += next.records.length;
      }
      const started = process.hrtime.bigint();
      try {
        await write(batch.flatMap((w) => w.records));
        onCommit?.({ records: size, seconds: Number(process.hrtime.bigint() - started) / 1e9, failed: false, waitedSeconds });
        for (const w of batch) w.resolve();
      } catch (error) {
        onCommit?.({ records: size, seconds: Number(process.hrtime.bigint() - started) / 1e9, failed: true, waitedSeconds });
        for (const w of batch) w.reject(error);
      }
    }
    running = null;
  }

  return {
    append(records) {
      if (!records.length) return Promise.resolve();
      return new Promise<void>((resolve, reject) => {
        queue.push({ records, resolve, reject });
        notify();
        // Started on the next turn, so appends made in the same tick share the first transaction too.
        running ??= new Promise<void>((started) => setImmediate(started)).then(run);
      });
    },
    async drain() {
      while (running) await running;
    },
    notify,
  };
}
