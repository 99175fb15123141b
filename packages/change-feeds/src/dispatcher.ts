import type { Database } from '@civicgraph/db';
import type { FeedAssertions } from '@civicgraph/policy';
import { FEED_OWNERS, type FeedOwner } from './feedEntities';
import { pumpSubscription, type FeedTransport, type PumpResult, type PumpSettings } from './pump';
import { rereadThroughGateway, type Reread } from './reread';
import { signWebhook, type WebhookSigningKey } from './signatures';
import { webhookSubscriptionsOf } from './subscriptions';

/** Waits before retrying a failed webhook delivery: 5 s, 30 s, 2 min, 10 min, 30 min, 1 h, 3 h; then a dead letter. */
export const DEFAULT_RETRY_DELAYS_MS: readonly number[] = [5_000, 30_000, 120_000, 600_000, 1_800_000, 3_600_000, 10_800_000];
/** How long an endpoint has to answer. */
const WEBHOOK_TIMEOUT_MS = 10_000;
/** The channel owners' outbox triggers notify. */
export const CHANGE_CHANNEL = 'civicgraph_changes';

export interface FeedDispatcherOptions {
  governance: Database;
  owners: Readonly<Record<FeedOwner, Database>>;
  /** The gateway's GraphQL endpoint, where every event is re-read under the subscriber's scenario. */
  gatewayUrl: string;
  /** Shared with the gateway: names the subscribing application and scenario of a re-read. */
  feedAssertions: FeedAssertions;
  /** The platform's Ed25519 keys; every one signs each delivery (rotation: add the new key, later remove the old). */
  signingKeys: readonly WebhookSigningKey[];
  /** Coordinates no grant serves (the catalog's negative list). */
  neverGranted: ReadonlySet<string>;
  retryDelaysMs?: readonly number[];
  /** How often every subscription is looked at without a notification (retries due, a missed notification). Default 1,000 ms. */
  pollMs?: number;
  /** Re-reads records (default: through the gateway at `gatewayUrl`). */
  reread?: Reread;
  /** How long an outbox row every subscription has read is kept before it is pruned. Default 7 days. */
  outboxRetentionMs?: number;
  logger: { info(o: object, m?: string): void; warn(o: object, m?: string): void; error(o: object, m?: string): void };
  now?: () => Date;
}

/** POSTs the CloudEvent, signed, and reads the endpoint's answer: 2xx delivered, 410 gone, anything else a failure to retry. */
export function webhookTransport(keys: readonly WebhookSigningKey[], now: () => Date = () => new Date()): FeedTransport {
  return async (subscription, event) => {
    const headers = signWebhook(event.id, now(), event.body, keys, subscription.secrets);
    try {
      const response = await fetch(subscription.endpoint!, {
        method: 'POST',
        headers: { 'content-type': 'application/cloudevents+json; charset=utf-8', ...headers },
        body: event.body,
        // An endpoint's redirect is not followed: the subscription names where events may go.
        redirect: 'manual',
        signal: AbortSignal.timeout(WEBHOOK_TIMEOUT_MS),
      });
      await response.body?.cancel().catch(() => {});
      if (response.status >= 200 && response.status < 300) return { outcome: 'DELIVERED', httpStatus: response.status };
      if (response.status === 410) return { outcome: 'GONE', httpStatus: 410 };
      return { outcome: 'FAILED', httpStatus: response.status, error: `HTTP ${response.status}` };
    } catch (error) {
      return { outcome: 'FAILED', error: (error as Error).message };
    }
  };
}

export interface FeedDispatcher {
  /** Looks at every subscription of the owner now (what an outbox notification does). */
  wake(owner?: FeedOwner): void;
  /** Runs one subscription with its own transport (a stream's connection) until it has nothing more to do. */
  pump(id: string, transport: FeedTransport, isClosed?: () => boolean): Promise<PumpResult>;
  /** Calls `listener` whenever the owner's records may have changed (streams wait on it). */
  onChange(listener: (owner: FeedOwner) => void): () => void;
  readonly signingKeys: readonly WebhookSigningKey[];
  /**
   * Deletes the owners' outbox rows older than the retention that every subscription not cancelled has read (a
   * subscription that waits, its scenario suspended, keeps its place and the rows after it). Runs hourly; returns the rows deleted.
   */
  pruneOutbox(): Promise<number>;
  /** Whether `stop` was called (streams end then). */
  readonly stopped: boolean;
  /** Stops listening and polling, and waits for deliveries in flight. */
  stop(): Promise<void>;
}

/**
 * The change feeds' dispatcher: wakes on owners' outbox notifications (and polls, so a missed one only
 * delays), and pumps each webhook subscription — one pump at a time per subscription, so its events leave
 * in order. Its state is in the databases (each subscription's outbox position, numbered events, attempts):
 * a dispatcher that stops and starts again goes on from there.
 */
export async function startFeedDispatcher(options: FeedDispatcherOptions): Promise<FeedDispatcher> {
  const now = options.now ?? (() => new Date());
  const settings: PumpSettings = {
    governance: options.governance,
    owners: options.owners,
    reread: options.reread ?? rereadThroughGateway(options.gatewayUrl, options.feedAssertions),
    neverGranted: options.neverGranted,
    retryDelaysMs: options.retryDelaysMs ?? DEFAULT_RETRY_DELAYS_MS,
    now,
  };
  const transport = webhookTransport(options.signingKeys, now);
  const running = new Map<string, Promise<void>>();
  const again = new Set<string>();
  // Why each subscription last stopped: said once in the log, not at every poll.
  const stoppedWith = new Map<string, string>();
  const listeners = new Set<(owner: FeedOwner) => void>();
  let stopped = false;

  function run(id: string): void {
    if (stopped) return;
    if (running.has(id)) {
      again.add(id);
      return;
    }
    const work = pumpSubscription(settings, id, transport, () => stopped)
      .then((result) => {
        const code = result.state === 'stopped' ? result.code : undefined;
        if (code && stoppedWith.get(id) !== code) options.logger.info({ subscription: id, code }, 'change subscription stopped');
        if (code) stoppedWith.set(id, code);
        else stoppedWith.delete(id);
      })
      .catch((error: unknown) => options.logger.error({ err: error, subscription: id }, 'change feed delivery failed'))
      .finally(() => {
        running.delete(id);
        if (again.delete(id)) run(id);
      });
    running.set(id, work);
  }

  async function wakeOwner(owner: FeedOwner): Promise<void> {
    for (const listener of listeners) listener(owner);
    const ids = await webhookSubscriptionsOf(options.governance, owner);
    for (const id of ids) run(id);
  }

  const wake = (owner?: FeedOwner) => {
    for (const o of owner ? [owner] : FEED_OWNERS)
      void wakeOwner(o).catch((error: unknown) => options.logger.warn({ err: error, owner: o }, 'change subscriptions could not be read'));
  };

  const unlisten = await Promise.all(FEED_OWNERS.map((owner) => options.owners[owner].listen(CHANGE_CHANNEL, () => wake(owner))));
  const poll = setInterval(() => wake(), options.pollMs ?? 1_000);
  poll.unref();
  const retentionMs = options.outboxRetentionMs ?? 7 * 86_400_000;
  async function pruneOutbox(): Promise<number> {
    let deleted = 0;
    for (const owner of FEED_OWNERS) {
      const [{ through }] = (await options.governance.query<{ through: string | null }>(
        `SELECT min(position)::text AS through FROM change_subscription WHERE owner = $1 AND status <> 'CANCELLED'`,
        [owner],
      )) as [{ through: string | null }];
      const rows = await options.owners[owner].query(
        `DELETE FROM change_outbox WHERE at < $1::timestamptz AND ($2::bigint IS NULL OR seq <= $2::bigint) RETURNING seq`,
        [new Date(now().getTime() - retentionMs).toISOString(), through],
      );
      deleted += rows.length;
    }
    return deleted;
  }
  const prune = setInterval(
    () => void pruneOutbox().catch((error: unknown) => options.logger.warn({ err: error }, 'the outbox could not be pruned')),
    3_600_000,
  );
  prune.unref();
  wake();

  return {
    wake,
    pump: (id, streamTransport, isClosed) => pumpSubscription(settings, id, streamTransport, () => stopped || (isClosed?.() ?? false)),
    onChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    signingKeys: options.signingKeys,
    pruneOutbox,
    get stopped() {
      return stopped;
    },
    async stop() {
      stopped = true;
      clearInterval(poll);
      clearInterval(prune);
      await Promise.all(unlisten.map((stop) => stop().catch(() => {})));
      await Promise.all([...running.values()]);
    },
  };
}
