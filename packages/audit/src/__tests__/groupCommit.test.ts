import { createGroupCommit } from '../groupCommit';

describe('group commit', () => {
  it('commits one request alone at once, and concurrent requests together', async () => {
    const commits: number[][] = [];
    let release!: () => void;
    let gate = Promise.resolve();
    const log = createGroupCommit<number>(async (records) => {
      commits.push(records);
      await gate;
    });
    await log.append([1]);
    expect(commits).toEqual([[1]]);

    // While one commit is in flight, later appends gather into the next.
    gate = new Promise<void>((resolve) => (release = resolve));
    const first = log.append([2]);
    await new Promise((resolve) => setImmediate(resolve));
    const rest = [3, 4, 5, 6].map((n) => log.append([n]));
    release();
    await Promise.all([first, ...rest]);
    expect(commits).toEqual([[1], [2], [3, 4, 5, 6]]);
  });

  it('rejects every request of a failed commit, and recovers for the next', async () => {
    let fail = true;
    const log = createGroupCommit<number>(async () => {
      if (fail) throw new Error('store unavailable');
    });
    const results = await Promise.allSettled([log.append([1]), log.append([2])]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected']);
    fail = false;
    await expect(log.append([3])).resolves.toBeUndefined();
  });

  it('splits at maxBatch', async () => {
    const sizes: number[] = [];
    const log = createGroupCommit<number>(async (records) => void sizes.push(records.length), { maxBatch: 3 });
    await Promise.all([log.append([1, 2]), log.append([3]), log.append([4, 5]), log.append([6])]);
    expect(sizes).toEqual([3, 3]);
  });

  describe('waiting for companions', () => {
    // Long enough that a test passing by timeout instead of by wake-up would hit jest's limit instead.
    const LONG = 60_000;

    it('commits a request alone at once', async () => {
      const commits: number[][] = [];
      const log = createGroupCommit<number>(async (records) => void commits.push(records), { gather: { inFlight: () => 0, maxWaitMs: LONG } });
      await log.append([1]);
      expect(commits).toEqual([[1]]);
    });

    it('waits for the requests still executing, and commits their records together', async () => {
      const commits: number[][] = [];
      let inFlight = 2;
      const log = createGroupCommit<number>(async (records) => void commits.push(records), { gather: { inFlight: () => inFlight, maxWaitMs: LONG } });
      const first = log.append([1]);
      await new Promise((resolve) => setTimeout(resolve, 20));
      expect(commits).toEqual([]);
      // One companion appends; the other finishes with nothing to log.
      inFlight = 1;
      const second = log.append([2]);
      await new Promise((resolve) => setTimeout(resolve, 20));
      expect(commits).toEqual([]);
      inFlight = 0;
      log.notify();
      await Promise.all([first, second]);
      expect(commits).toEqual([[1, 2]]);
    });

    it('waits no longer than maxWaitMs, and reports the wait', async () => {
      const commits: number[][] = [];
      const waits: number[] = [];
      const log = createGroupCommit<number>(async (records) => void commits.push(records), {
        gather: { inFlight: () => 1, maxWaitMs: 30 },
        onCommit: ({ waitedSeconds }) => waits.push(waitedSeconds),
      });
      const started = performance.now();
      await log.append([1]);
      expect(commits).toEqual([[1]]);
      expect(performance.now() - started).toBeGreaterThanOrEqual(25);
      expect(waits).toHaveLength(1);
      expect(waits[0]).toBeGreaterThanOrEqual(0.025);
    });
  });
});
