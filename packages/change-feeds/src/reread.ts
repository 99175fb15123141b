import { FEED_HEADER, type FeedAssertions } from '@civicgraph/policy';
import { isScalarField, type FeedEntity } from './feedEntities';
import type { Subscription } from './subscriptions';

export type RereadAnswer =
  /** The record as the subscriber's scenario reads it (row rules applied, masked where its grants mask). */
  | { kind: 'record'; record: Record<string, unknown>; requestId: string | null }
  /** Outside the scenario's rows, or gone: nothing to deliver. */
  | { kind: 'absent'; requestId: string | null }
  /** The platform could not answer now (limits, an owner out, a grant the gateway has not seen yet): try again later. */
  | { kind: 'unavailable'; code: string; message: string; retryAfterMs: number };

export type Reread = (subscription: Subscription, entity: FeedEntity, key: string, fields: readonly string[]) => Promise<RereadAnswer>;

/** Errors that pass: the event waits and is re-read later, without counting as an attempt. */
const RETRY_AFTER_MS: Readonly<Record<string, number>> = { RATE_LIMITED: 1_000, QUOTA_EXCEEDED: 60_000 };
const DEFAULT_RETRY_AFTER_MS = 2_000;

/** The document that re-reads one record's key and changed fields (objects by their type name only: what changed, not where it points). */
export function rereadDocument(entity: FeedEntity, fields: readonly string[]): string {
  const selection = [entity.keyField, ...fields.filter((f) => f !== entity.keyField).map((f) => (isScalarField(entity, f) ? f : `${f} { __typename }`))];
  const { field, argument, argumentType } = entity.root;
  return `query ChangeFeedReread($key: ${argumentType}) { record: ${field}(${argument}: $key) { ${selection.join(' ')} } }`;
}

/**
 * Re-reads through the gateway, as the subscribing application under the subscription's scenario: the same
 * authorization, row rules, masks, traffic limits and logs as the application's own query. The use reason
 * names the subscription, so the request log and the owner's disclosure log say why the record was read.
 */
export function rereadThroughGateway(gatewayUrl: string, assertions: FeedAssertions): Reread {
  return async (subscription, entity, key, fields) => {
    const token = await assertions.sign({ applicationId: subscription.applicationId, scenario: subscription.scenarioCode, subscriptionId: subscription.id });
    let response: Response;
    try {
      response = await fetch(gatewayUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json', [FEED_HEADER]: token, 'x-use-reason': `change feed ${subscription.id}` },
        body: JSON.stringify({ query: rereadDocument(entity, fields), variables: { key } }),
        signal: AbortSignal.timeout(30_000),
      });
    } catch (error) {
      return { kind: 'unavailable', code: 'GATEWAY_UNREACHABLE', message: (error as Error).message, retryAfterMs: DEFAULT_RETRY_AFTER_MS };
    }
    const requestId = response.headers.get('x-request-id');
    const answer = (await response.json().catch(() => ({}))) as {
      data?: { record?: Record<string, unknown> | null } | null;
      errors?: { message: string; extensions?: { code?: string } }[];
    };
    const [error] = answer.errors ?? [];
    if (error || !answer.data) {
      const code = error?.extensions?.code ?? `HTTP_${response.status}`;
      return { kind: 'unavailable', code, message: error?.message ?? 'no data', retryAfterMs: RETRY_AFTER_MS[code] ?? DEFAULT_RETRY_AFTER_MS };
    }
    const record = answer.data.record;
    return record ? { kind: 'record', record, requestId } : { kind: 'absent', requestId };
  };
}
