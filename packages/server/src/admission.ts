import { metricsOf } from '@civicgraph/observability';

export interface AdmissionSettings {
  /** Requests executing at once. Default 256. */
  maxInFlight?: number;
  /** Requests waiting for a slot; more are shed at once. Default 512. */
  maxQueued?: number;
  /** How long a request may wait for a slot before it is shed, ms. Default 1,000. */
  maxQueueWaitMs?: number;
}

/** Bounds the work a service takes on: a slot per executing request, a bounded queue for the rest. */
export interface Admission {
  /** Resolves true once the request holds a slot (call `leave` when it is answered), false when it is shed. */
  enter(): Promise<boolean>;
  leave(): void;
  /** What a shed client is told to wait, in seconds. */
  readonly retryAfterSeconds: number;
  /** Requests executing and waiting now, and the most that ever executed at once. */
  load(): { inFlight: number; queued: number; peakInFlight: number };
}

/**
 * Load shedding at the door: at most `maxInFlight` requests execute and `maxQueued` wait (first come, first
 * served, each at most `maxQueueWaitMs`); the excess is refused at once, so a hung owner or a burst cannot
 * pile up sockets and memory without bound.
 */
export function createAdmission(service: string, { maxInFlight = 256, maxQueued = 512, maxQueueWaitMs = 1_000 }: AdmissionSettings = {}): Admission {
  let inFlight = 0;
  let peakInFlight = 0;
  const queue: { admit: () => void }[] = [];
  const metrics = metricsOf(service);
  const observe = () => {
    metrics.admission.set({ state: 'in_flight' }, inFlight);
    metrics.admission.set({ state: 'queued' }, queue.length);
  };
  return {
    async enter() {
      if (inFlight < maxInFlight) {
        inFlight++;
        peakInFlight = Math.max(peakInFlight, inFlight);
        observe();
        return true;
      }
      if (queue.length >= maxQueued) {
        metrics.shedRequests.inc({ reason: 'queue_full' });
        return false;
      }
      const admitted = await new Promise<boolean>((resolve) => {
        const waiter = {
          admit: () => {
            clearTimeout(timer);
            resolve(true);
          },
        };
        const timer = setTimeout(() => {
          queue.splice(queue.indexOf(waiter), 1);
          resolve(false);
        }, maxQueueWaitMs);
        queue.push(waiter);
        observe();
      });
      if (!admitted) metrics.shedRequests.inc({ reason: 'queue_timeout' });
      observe();
      return admitted;
    },
    leave() {
      // The slot passes straight to the longest waiter.
      const next = queue.shift();
      if (next) next.admit();
      else inFlight--;
      observe();
    },
    retryAfterSeconds: Math.max(1, Math.ceil(maxQueueWaitMs / 1000)),
    load: () => ({ inFlight, queued: queue.length, peakInFlight }),
  };
}
