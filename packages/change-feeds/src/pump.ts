import type { Database } from '@civicgraph/db';
import { changeCloudEvent, changeEventId, type ChangeData } from './cloudEvent';
import { changedFields, feedEntity, isScalarField, type ChangeOperation, type FeedEntity, type FeedOwner } from './feedEntities';
import type { Reread, RereadAnswer } from './reread';
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

const OUTBOX_PAGE = 200;
const asDate = (value: Date | string) => (value instanceof Date ? value : new Date(value));

/** The changed fields the scenario may read now, or none when it cannot read the record's root field or key at all. */
function grantedFields(entity: FeedEntity, fields: readonly string[], granted: ReadonlySet<string>): string[] {
  if (!granted.has(`Query.${entity.root.field}`) || !granted.has(`${entity.type}.${entity.keyField}`)) return [];
  return fields.filter((f) => granted.has(`${entity.type}.${f}`));
}

/**
 * Delivers what is due on one subscription, one event at a time in sequence order, and returns when nothing
 * more can be done now. Each step reads the subscription afresh (a suspended scenario stops it before the
 * next event), re-reads the record under the subscriber's scenario, and records the attempt. An event that
 * fails holds the ones behind it until it is delivered or given up, so one record's changes arrive in the
 * order they were made.
 */
export async function pumpSubscription(
  settings: PumpSettings,
  id: string,
  transport: FeedTransport,
  isClosed: () => boolean = () => false,
): Promise<PumpResult> {
  const { governance, neverGranted } = settings;
  const now = settings.now ?? (() => new Date());
  let outbox: OutboxRow[] = [];
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
        const answer: RereadAnswer = fields.length ? await settings.reread(subscription, entity, head.entity_key, fields) : { kind: 'absent', requestId: null };
        if (answer.kind === 'unavailable') return { state: 'waiting', until: new Date(now().getTime() + answer.retryAfterMs) };
        const result = await deliver(settings, subscription, entity, head, BigInt(head.sequence), fields, answer, transport);
        if (result) return result;
        continue;
      }

      // New changes from the owner's outbox, in the order they committed.
      if (!outbox.length) {
        let after = skippedThrough ?? subscription.position;
        // A new subscription starts with the changes made after it was made.
        if (after === 0n && subscription.nextSequence === 1n) {
          const [before] = await settings.owners[subscription.owner].query<{ seq: string }>(
            `SELECT seq::text FROM change_outbox WHERE at < $1::timestamptz ORDER BY change_outbox.seq DESC LIMIT 1`,
            [subscription.createdAt.toISOString()],
          );
          if (before) after = skippedThrough = BigInt(before.seq);
        }
        outbox = await settings.owners[subscription.owner].query<OutboxRow>(
          `SELECT seq::text, entity_type, entity_key, operation, changed_columns, at FROM change_outbox WHERE seq > $1 ORDER BY change_outbox.seq LIMIT ${OUTBOX_PAGE}`,
          [after.toString()],
        );
        if (!outbox.length) {
          await saveSkipped();
          return { state: 'idle' };
        }
      }
      const row = outbox.shift()!;
      const seq = BigInt(row.seq);
      const entity = feedEntity(row.entity_type);
      const wanted = entity && subscription.entityTypes.includes(entity.type) && subscription.operations.includes(row.operation);
      const fields = wanted ? grantedFields(entity, changedFields(entity, row.changed_columns), granted) : [];
      if (!fields.length) {
        // Nothing the subscriber may know of: no event, no number, no trace in its sequence.
        skippedThrough = seq;
        continue;
      }
      const answer = await settings.reread(subscription, entity!, row.entity_key, fields);
      if (answer.kind === 'unavailable') {
        await saveSkipped();
        return { state: 'waiting', until: new Date(now().getTime() + answer.retryAfterMs) };
      }
      if (answer.kind === 'absent') {
        skippedThrough = seq;
        continue;
      }
      // Numbered only once the subscriber is known to see it, so gaps never hint at changes it may not see.
      const sequence = subscription.nextSequence;
      const taken = await governance.transaction(async (tx) => {
        const moved = await tx.query(
          `UPDATE change_subscription SET position = $2, next_sequence = next_sequence + 1 WHERE id = $1::uuid AND next_sequence = $3 AND position < $2 RETURNING id`,
          [id, row.seq, sequence.toString()],
        );
        if (!moved.length) return false;
        await tx.query(
          `INSERT INTO change_event (subscription_id, sequence, outbox_seq, entity_type, entity_key, operation, changed_fields, occurred_at)
           VALUES ($1::uuid, $2, $3, $4, $5, $6, $7, $8)`,
          [id, sequence.toString(), row.seq, entity!.type, row.entity_key, row.operation, fields, asDate(row.at)],
        );
        return true;
      });
      skippedThrough = null;
      // Another dispatcher took the subscription's next number first: start over from what it recorded.
      if (!taken) {
        outbox = [];
        continue;
      }
      const event: EventRow = {
        sequence: sequence.toString(),
        entity_type: entity!.type,
        entity_key: row.entity_key,
        operation: row.operation,
        changed_fields: fields,
        occurred_at: row.at,
        status: 'PENDING',
        attempts: 0,
        next_attempt_at: now(),
        replay: false,
      };
      const result = await deliver(settings, subscription, entity!, event, sequence, fields, answer, transport);
      if (result) return result;
    }
  } finally {
    await saveSkipped().catch(() => {});
  }
}

/** One attempt at one numbered event; returns a result when the pump must stop here. */
async function deliver(
  settings: PumpSettings,
  subscription: Subscription,
  entity: FeedEntity,
  event: EventRow,
  sequence: bigint,
  fields: readonly string[],
  answer: Exclude<RereadAnswer, { kind: 'unavailable' }>,
  transport: FeedTransport,
): Promise<PumpResult | null> {
  const { governance } = settings;
  const at = (settings.now ?? (() => new Date()))();
  const attempt = (outcome: string, carried: readonly string[], requestId: string | null, httpStatus?: number, error?: string) =>
    governance.query(
      `INSERT INTO change_attempt (subscription_id, sequence, at, request_id, outcome, http_status, fields, error) VALUES ($1::uuid, $2, $3, $4, $5, $6, $7, $8)`,
      [subscription.id, sequence.toString(), at, requestId, outcome, httpStatus ?? null, carried, error?.slice(0, 500) ?? null],
    );
  if (answer.kind === 'absent') {
    // Out of the subscriber's sight since it was numbered (a grant or a row rule changed): never sent.
    await attempt('WITHHELD', [], answer.requestId);
    await governance.query(`UPDATE change_event SET status = 'WITHHELD', replay = false WHERE subscription_id = $1::uuid AND sequence = $2`, [
      subscription.id,
      sequence.toString(),
    ]);
    return null;
  }
  const data: ChangeData = { entityType: entity.type, key: event.entity_key, operation: event.operation, changedFields: [...fields] };
  if (subscription.payload === 'FULL') {
    data.record = Object.fromEntries([entity.keyField, ...fields.filter((f) => isScalarField(entity, f))].map((f) => [f, answer.record[f] ?? null]));
  }
  const body = changeCloudEvent({ subscriptionId: subscription.id, owner: subscription.owner, sequence, occurredAt: asDate(event.occurred_at), data });
  const sent = await transport(subscription, { id: changeEventId(subscription.id, sequence), sequence, body });
  const carried = [entity.keyField, ...fields.filter((f) => f !== entity.keyField)];
  await attempt(sent.outcome, carried, answer.requestId, sent.httpStatus, sent.error);
  const attempts = event.attempts + 1;
  if (sent.outcome === 'DELIVERED' || sent.outcome === 'SENT') {
    await governance.query(
      `UPDATE change_event SET status = 'DELIVERED', attempts = $3, delivered_at = $4, replay = false WHERE subscription_id = $1::uuid AND sequence = $2`,
      [subscription.id, sequence.toString(), attempts, at],
    );
    return null;
  }
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
