import { CloudEvent } from 'cloudevents';
import type { ChangeOperation, FeedOwner } from './feedEntities';

/** What a change event says: the record, what changed, and for full events the masked projection of its granted fields. */
export interface ChangeData {
  entityType: string;
  /** The key the record is re-read by (`person(id:)`, `legalEntity(id:)`, `license(identifier:)`). */
  key: string;
  operation: ChangeOperation;
  /** The changed fields the subscriber is granted; fields it is not granted are never named. */
  changedFields: string[];
  /** FULL events: the granted scalar fields' values as a query would return them (masked where the grant masks). */
  record?: Record<string, unknown>;
}

export interface ChangeEventInput {
  subscriptionId: string;
  owner: FeedOwner;
  sequence: bigint;
  occurredAt: Date;
  data: ChangeData;
}

/** The event type of a change: `gov.shanghai.civicgraph.<type>.<operation>`, e.g. `gov.shanghai.civicgraph.Person.updated`. */
export function changeEventType(entityType: string, operation: ChangeOperation): string {
  return `gov.shanghai.civicgraph.${entityType}.${operation.toLowerCase()}`;
}

/** The id of an event: the subscription and its sequence number, the same on every retry and replay (consumers deduplicate by it). */
export function changeEventId(subscriptionId: string, sequence: bigint): string {
  return `${subscriptionId}:${sequence}`;
}

/**
 * A change as a CloudEvent (structured JSON mode), with the sequence extension (`sequence`, `sequencetype`):
 * numbers run without gaps per subscription, except where an event was given up (dead letter) or withheld.
 */
export function changeCloudEvent({ subscriptionId, owner, sequence, occurredAt, data }: ChangeEventInput): string {
  const event = new CloudEvent<ChangeData>({
    specversion: '1.0',
    id: changeEventId(subscriptionId, sequence),
    source: `/civicgraph/${owner}`,
    type: changeEventType(data.entityType, data.operation),
    subject: `${data.entityType}/${data.key}`,
    time: occurredAt.toISOString(),
    datacontenttype: 'application/json',
    data,
    sequence: String(sequence),
    sequencetype: 'Integer',
    subscription: subscriptionId,
  });
  return JSON.stringify(event.toJSON());
}
