import { createAdmission } from '../admission';

describe('admission', () => {
  it('admits up to the bound, queues the next ones first come first served, and sheds beyond the queue', async () => {
    const admission = createAdmission('admission-test', { maxInFlight: 2, maxQueued: 1, maxQueueWaitMs: 5_000 });
    expect(await admission.enter()).toBe(true);
    expect(await admission.enter()).toBe(true);
    const queued = admission.enter();
    expect(admission.load()).toEqual({ inFlight: 2, queued: 1, peakInFlight: 2 });
    // The queue is full: shed at once.
    expect(await admission.enter()).toBe(false);
    admission.leave();
    expect(await queued).toBe(true);
    expect(admission.load()).toEqual({ inFlight: 2, queued: 0, peakInFlight: 2 });
    admission.leave();
    admission.leave();
    expect(admission.load()).toEqual({ inFlight: 0, queued: 0, peakInFlight: 2 });
  });

  it('sheds a request that waited its longest for a slot', async () => {
    const admission = createAdmission('admission-test', { maxInFlight: 1, maxQueued: 4, maxQueueWaitMs: 50 });
    expect(await admission.enter()).toBe(true);
    expect(await admission.enter()).toBe(false);
    expect(admission.load()).toEqual({ inFlight: 1, queued: 0, peakInFlight: 1 });
    expect(admission.retryAfterSeconds).toBe(1);
  });
});
