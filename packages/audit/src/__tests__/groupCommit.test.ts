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
});
