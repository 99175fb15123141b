import type { Database } from '@civicgraph/db';
import { metricsOf } from '@civicgraph/observability';
import { changeCloudEvent, changeEventId, type ChangeData } from './cloudEvent';
import { changedFields, feedEntity, isScalarField, type ChangeOperation, type FeedEntity, type FeedOwner } from './feedEntities';
import type { Reread } from './reread';
import { subscriptionState, type StopCode, type Subscription } from './subscriptions';

/** How an event reached (or failed to reach) the subscriber. */
export interface SendResult {
  outcome: 'DELIVERED' | 'SENT' | 'FAILED' | 'GONE';
  httpStatus?: number;
  error?: string;
}

/** Carries one event to the subscriber: a webhook POST, or a write to its open stream. */
export type FeedTransport = (subscription: Subscription, event: { id: string; sequence: bigint; body: string }) => Promise<SendResult>;

export interface PumpSettings {
  governance: Database;
  owners: Readonly<Record<FeedOwner, Database>>;
  reread: Reread;
  neverGranted: ReadonlySet<string>;
  /** Waits before each retry of a failed delivery; an event is given up (dead letter) after one attempt more than there are waits. */
  retryDelaysMs: readonly number[];
  now?: () => Date;
}

export type PumpResult =
  | { state: 'idle' }
  /** Nothing more can be done before this time (a retry's wait, the platform's limits). */
  | { state: 'waiting'; until: Date }
  | { state: 'stopped'; code: StopCode; message: string };

interface OutboxRow {
  seq: string;
  entity_type: string;
  entity_key: string;
  operation: ChangeOperation;
  changed_columns: string[];
  at: Date | string;
}

interface EventRow {
  sequence: string;
  entity_type: string;
  entity_key: string;
  operation: ChangeOperation;
  changed_fields: string[];
  occurred_at: Date | string;
  status: string;
  attempts: number;
  next_attempt_at: Date | string;
  replay: boolean;
}

/** The feeds' series are shown with the gateway's, beside which the dispatcher runs. */
const feedMetrics = metricsOf('gateway');
const OUTBOX_PAGE = 200;
/** Records re-read in one gateway request (the gateway's alias budget is 30). */
const REREAD_BATCH = 25;
const asDate = (value: Date | string) => (value instanceof Date ? value : new Date(value));

/** The changed fields the scenario may read now, or none when it cannot read the record's root field or key at all. */
function grantedFields(entity: FeedEntity, fields: readonly string[], granted: ReadonlySet<string>): string[] {
  if (!granted.has(`Query.${entity.root.field}`) || !granted.has(`${entity.type}.${entity.keyField}`)) return [];
  return fields.filter((f) => granted.has(`${entity.type}.${f}`));
}

/** A record as re-read for one attempt (null: outside the subscriber's rows now), with the request that read it. */
interface Reading {
  record: Record<string, unknown> | null;
  requestId: string | null;
}

/**
 * Delivers what is due on one subscription, in sequence order, and returns when nothing more can be done now.
 * Each round reads the subscription afresh (a suspended scenario stops it before the next round), re-reads the
 * records under the subscriber's scenario (up to 25 in one request), numbers those it sees, and sends them one
 * after another, recording each attempt. An event that fails holds the ones behind it until it is delivered or
 * given up, so one record's changes arrive in the order they were made.
 */
export async function pumpSubscription(
  settings: PumpSettings,
  id: string,
  transport: FeedTransport,
  isClosed: () => boolean = () => false,
): Promise<PumpResult> {
  const { governance, neverGranted } = settings;
  const now = settings.now ?? (() => new Date());
  let owner = '';
  const delivered = deliveredLog(governance, id, () => owner);
  let outbox: OutboxRow[] = [];
  /** The last outbox row taken this round (what the next page starts after). */
  let readThrough: bigint | null = null;
  let skippedThrough: bigint | null = null;
  const saveSkipped = async () => {
    if (skippedThrough === null) return;
    await governance.query(`UPDATE change_subscription SET position = $2 WHERE id = $1::uuid AND position < $2`, [id, skippedThrough.toString()]);
    skippedThrough = null;
  };
  try {
    for (;;) {
      if (isClosed()) return { state: 'idle' };
      const state = await subscriptionState(governance, id, neverGranted, now());
      if (!state.inForce) return { state: 'stopped', code: state.code, message: state.message };
      const { subscription, granted } = state;
      owner = subscription.owner;

      // Retries and replays first: they hold sequence numbers below anything new.
      const [head] = await governance.query<EventRow>(
        `SELECT sequence::text, entity_type, entity_key, operation, changed_fields, occurred_at, status, attempts, next_attempt_at, replay
           FROM change_event WHERE subscription_id = $1::uuid AND (status = 'PENDING' OR replay) ORDER BY change_event.sequence LIMIT 1`,
        [id],
      );
      if (head) {
        if (head.status === 'PENDING' && !head.replay && asDate(head.next_attempt_at) > now()) return { state: 'waiting', until: asDate(head.next_attempt_at) };
        const entity = feedEntity(head.entity_type)!;
        const fields = grantedFields(entity, head.changed_fields, granted);
        let reading: Reading = { record: null, requestId: null };
        if (fields.length) {
          const answer = await settings.reread(subscription, [{ entity, key: head.entity_key, fields }]);
          if (answer.kind === 'unavailable') return { state: 'waiting', until: new Date(now().getTime() + answer.retryAfterMs) };
          reading = { record: answer.records[0] ?? null, requestId: answer.requestId };
        }
        const result = await deliver(settings, subscription, entity, head, fields, reading, transport, delivered);
        await delivered.flush();
        if (result) return result;
        continue;
      }

      // New changes from the owner's outbox, in the order they committed: the next ones the subscriber may know of.
      const batch: { row: OutboxRow; entity: FeedEntity; fields: string[] }[] = [];
      let skippedBeforeBatch: bigint | null = skippedThrough;
      while (batch.length < Math.min(REREAD_BATCH, subscription.maxRecords)) {
        if (!outbox.length) {
          let after = readThrough ?? subscription.position;
          // A new subscription starts with the changes made after it was made.
          if (after === 0n && subscription.nextSequence === 1n) {
            const [before] = await settings.owners[subscription.owner].query<{ seq: string }>(
              `SELECT seq::text FROM change_outbox WHERE at < $1::timestamptz ORDER BY change_outbox.seq DESC LIMIT 1`,
              [subscription.createdAt.toISOString()],
            );
            if (before) after = readThrough = skippedThrough = skippedBeforeBatch = BigInt(before.seq);
          }
          outbox = await settings.owners[subscription.owner].query<OutboxRow>(
            `SELECT seq::text, entity_type, entity_key, operation, changed_columns, at FROM change_outbox WHERE seq > $1 ORDER BY change_outbox.seq LIMIT ${OUTBOX_PAGE}`,
            [after.toString()],
          );
          if (!outbox.length) break;
        }
        const row = outbox.shift()!;
        readThrough = BigInt(row.seq);
        const entity = feedEntity(row.entity_type);
        const wanted = entity && subscription.entityTypes.includes(entity.type) && subscription.operations.includes(row.operation);
        const fields = wanted ? grantedFields(entity, changedFields(entity, row.changed_columns), granted) : [];
        // Nothing the subscriber may know of: no event, no number, no trace in its sequence.
        if (fields.length) batch.push({ row, entity: entity!, fields });
        else if (!batch.length) skippedThrough = skippedBeforeBatch = BigInt(row.seq);
        else skippedThrough = BigInt(row.seq);
      }
      if (!batch.length) {
        await saveSkipped();
        return { state: 'idle' };
      }
      const answer = await settings.reread(
        subscription,
        batch.map(({ row, entity, fields }) => ({ entity, key: row.entity_key, fields })),
      );
      if (answer.kind === 'unavailable') {
        // The batch is read again next time, from where it began.
        skippedThrough = skippedBeforeBatch;
        readThrough = null;
        outbox = [];
        await saveSkipped();
        return { state: 'waiting', until: new Date(now().getTime() + answer.retryAfterMs) };
      }
      const last = BigInt(skippedThrough !== null && skippedThrough > BigInt(batch.at(-1)!.row.seq) ? skippedThrough : batch.at(-1)!.row.seq);
      // Numbered only once the subscriber is known to see it, so gaps never hint at changes it may not see.
      const seen = batch.flatMap((b, i) => (answer.records[i] ? [{ ...b, record: answer.records[i] }] : []));
      const first = subscription.nextSequence;
      const taken = await governance.transaction(async (tx) => {
        const moved = await tx.query(
          `UPDATE change_subscription SET position = $2, next_sequence = next_sequence + $4 WHERE id = $1::uuid AND next_sequence = $3 AND position < $2 RETURNING id`,
          [id, last.toString(), first.toString(), seen.length],
        );
        if (!moved.length) return false;
        if (seen.length)
          await tx.query(
            `INSERT INTO change_event (subscription_id, sequence, outbox_seq, entity_type, entity_key, operation, changed_fields, occurred_at)
             SELECT $1::uuid, s, o, t, k, op, string_to_array(f, ','), a
               FROM unnest($2::bigint[], $3::bigint[], $4::text[], $5::text[], $6::text[], $7::text[], $8::timestamptz[]) AS e(s, o, t, k, op, f, a)`,
            [
              id,
              seen.map((_, i) => (first + BigInt(i)).toString()),
              seen.map((e) => e.row.seq),
              seen.map((e) => e.entity.type),
              seen.map((e) => e.row.entity_key),
              seen.map((e) => e.row.operation),
              seen.map((e) => e.fields.join(',')),
              seen.map((e) => asDate(e.row.at).toISOString()),
            ],
          );
        return true;
      });
      skippedThrough = null;
      readThrough = null;
      outbox = [];
      // Another dispatcher numbered first: start over from what it recorded.
      if (!taken) continue;
      for (const [i, event] of seen.entries()) {
        const row: EventRow = {
          sequence: (first + BigInt(i)).toString(),
          entity_type: event.entity.type,
          entity_key: event.row.entity_key,
          operation: event.row.operation,
          changed_fields: event.fields,
          occurred_at: event.row.at,
          status: 'PENDING',
          attempts: 0,
          next_attempt_at: now(),
          replay: false,
        };
        const result = await deliver(
          settings,
          subscription,
          event.entity,
          row,
          event.fields,
          { record: event.record, requestId: answer.requestId },
          transport,
          delivered,
        );
        if (result) {
          // Read with this batch but held behind the event that stopped it: on record, to be read again when due.
          const held = seen.slice(i + 1).map((_, j) => (first + BigInt(i + 1 + j)).toString());
          if (held.length) feedMetrics.feedAttempts.inc({ owner: subscription.owner, outcome: 'HELD' }, held.length);
          if (held.length)
            await governance.query(
              `INSERT INTO change_attempt (subscription_id, sequence, at, request_id, outcome, fields)
               SELECT $1::uuid, s, $3, $4, 'HELD', '{}' FROM unnest($2::bigint[]) AS s`,
              [id, held, now(), answer.requestId],
            );
          return result;
        }
      }
      await delivered.flush();
    }
  } finally {
    await delivered.flush().catch(() => {});
    await saveSkipped().catch(() => {});
  }
}

interface Delivered {
  sequence: bigint;
  at: Date;
  requestId: string | null;
  outcome: string;
  httpStatus: number | null;
  fields: string[];
  attempts: number;
}

/** Deliveries kept until the batch ends (or something else must be written after them): two statements per batch, not two per event. */
interface DeliveredLog {
  add(entry: Delivered): void;
  flush(): Promise<void>;
}

function deliveredLog(governance: Database, subscriptionId: string, owner: () => string): DeliveredLog {
  let entries: Delivered[] = [];
  return {
    add: (entry) => void entries.push(entry),
    async flush() {
      if (!entries.length) return;
      const batch = entries;
      entries = [];
      for (const e of batch) feedMetrics.feedAttempts.inc({ owner: owner(), outcome: e.outcome });
      await governance.transaction(async (tx) => {
        await tx.query(
          `INSERT INTO change_attempt (subscription_id, sequence, at, request_id, outcome, http_status, fields)
           SELECT $1::uuid, s, a, r, o, h, string_to_array(f, ',') FROM unnest($2::bigint[], $3::timestamptz[], $4::text[], $5::text[], $6::int[], $7::text[]) AS e(s, a, r, o, h, f)`,
          [
            subscriptionId,
            batch.map((e) => e.sequence.toString()),
            batch.map((e) => e.at.toISOString()),
            batch.map((e) => e.requestId),
            batch.map((e) => e.outcome),
            batch.map((e) => e.httpStatus),
            batch.map((e) => e.fields.join(',')),
          ],
        );
        await tx.query(
          `UPDATE change_event c SET status = 'DELIVERED', attempts = e.n, delivered_at = e.a, replay = false
             FROM unnest($2::bigint[], $3::int[], $4::timestamptz[]) AS e(s, n, a) WHERE c.subscription_id = $1::uuid AND c.sequence = e.s`,
          [subscriptionId, batch.map((e) => e.sequence.toString()), batch.map((e) => e.attempts), batch.map((e) => e.at.toISOString())],
        );
      });
    },
  };
}

/** One attempt at one numbered event, with its record as just re-read; returns a result when the pump must stop here. */
async function deliver(
  settings: PumpSettings,
  subscription: Subscription,
  entity: FeedEntity,
  event: EventRow,
  fields: readonly string[],
  reading: Reading,
  transport: FeedTransport,
  delivered: DeliveredLog,
): Promise<PumpResult | null> {
  const { governance } = settings;
  const sequence = BigInt(event.sequence);
  const at = (settings.now ?? (() => new Date()))();
  const attempt = (outcome: string, carried: readonly string[], httpStatus?: number, error?: string) => {
    feedMetrics.feedAttempts.inc({ owner: subscription.owner, outcome });
    return governance.query(
      `INSERT INTO change_attempt (subscription_id, sequence, at, request_id, outcome, http_status, fields, error) VALUES ($1::uuid, $2, $3, $4, $5, $6, $7, $8)`,
      [subscription.id, sequence.toString(), at, reading.requestId, outcome, httpStatus ?? null, carried, error?.slice(0, 500) ?? null],
    );
  };
  if (!reading.record) {
    await delivered.flush();
    // Out of the subscriber's sight since it was numbered (a grant or a row rule changed): never sent.
    await attempt('WITHHELD', []);
    await governance.query(`UPDATE change_event SET status = 'WITHHELD', replay = false WHERE subscription_id = $1::uuid AND sequence = $2`, [
      subscription.id,
      sequence.toString(),
    ]);
    return null;
  }
  const record = reading.record;
  const data: ChangeData = { entityType: entity.type, key: event.entity_key, operation: event.operation, changedFields: [...fields] };
  if (subscription.payload === 'FULL') {
    data.record = Object.fromEntries([entity.keyField, ...fields.filter((f) => isScalarField(entity, f))].map((f) => [f, record[f] ?? null]));
  }
  const body = changeCloudEvent({ subscriptionId: subscription.id, owner: subscription.owner, sequence, occurredAt: asDate(event.occurred_at), data });
  const sent = await transport(subscription, { id: changeEventId(subscription.id, sequence), sequence, body });
  const carried = [entity.keyField, ...fields.filter((f) => f !== entity.keyField)];
  const attempts = event.attempts + 1;
  if (sent.outcome === 'DELIVERED' || sent.outcome === 'SENT') {
    delivered.add({ sequence, at, requestId: reading.requestId, outcome: sent.outcome, httpStatus: sent.httpStatus ?? null, fields: carried, attempts });
    return null;
  }
  // A failure is written after the deliveries before it, in order.
  await delivered.flush();
  await attempt(sent.outcome, carried, sent.httpStatus, sent.error);
  // A stream that closed is no failure of the event: it waits, untouched, for the client to come back.
  if (subscription.delivery === 'STREAM') return { state: 'idle' };
  if (sent.outcome === 'GONE') {
    await governance.transaction(async (tx) => {
      await tx.query(`UPDATE change_event SET attempts = $3 WHERE subscription_id = $1::uuid AND sequence = $2`, [
        subscription.id,
        sequence.toString(),
        attempts,
      ]);
      await tx.query(`UPDATE change_subscription SET status = 'DISABLED', status_reason = $2 WHERE id = $1::uuid`, [
        subscription.id,
        `The endpoint answered 410 Gone at ${at.toISOString()}`,
      ]);
    });
    return { state: 'stopped', code: 'ENDPOINT_GONE', message: 'The endpoint answered 410 Gone' };
  }
  // A replayed event is sent once more; a failure leaves it as it was.
  if (event.replay && event.status !== 'PENDING') {
    await governance.query(`UPDATE change_event SET replay = false WHERE subscription_id = $1::uuid AND sequence = $2`, [subscription.id, sequence.toString()]);
    return null;
  }
  const wait = settings.retryDelaysMs[attempts - 1];
  if (wait === undefined) {
    // Given up: a dead letter, replayable; the events behind it go on.
    feedMetrics.feedDeadLetters.inc({ owner: subscription.owner });
    await governance.query(`UPDATE change_event SET status = 'DEAD', attempts = $3, replay = false WHERE subscription_id = $1::uuid AND sequence = $2`, [
      subscription.id,
      sequence.toString(),
      attempts,
    ]);
    return null;
  }
  const until = new Date(at.getTime() + wait);
  await governance.query(`UPDATE change_event SET attempts = $3, next_attempt_at = $4, replay = false WHERE subscription_id = $1::uuid AND sequence = $2`, [
    subscription.id,
    sequence.toString(),
    attempts,
    until,
  ]);
  return { state: 'waiting', until };
}
