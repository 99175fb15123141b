import { FEED_HEADER, type FeedAssertions } from '@civicgraph/policy';
import { isScalarField, type FeedEntity } from './feedEntities';
import type { Subscription } from './subscriptions';

/** One record to re-read: its type, key, and the changed fields the subscriber is granted. */
export interface RereadItem {
  entity: FeedEntity;
  key: string;
  fields: readonly string[];
}

export type RereadAnswer =
  /** Each record as the subscriber's scenario reads it (row rules applied, masked where its grants mask), or null when it is outside the scenario's rows or gone; one request for all. */
  | { kind: 'answered'; records: (Record<string, unknown> | null)[]; requestId: string | null }
  /** The platform could not answer now (limits, an owner out, a grant the gateway has not seen yet): try again later. */
  | { kind: 'unavailable'; code: string; message: string; retryAfterMs: number };

export type Reread = (subscription: Subscription, items: readonly RereadItem[]) => Promise<RereadAnswer>;

/** Errors that pass: the events wait and are re-read later, without counting as an attempt. */
const RETRY_AFTER_MS: Readonly<Record<string, number>> = { RATE_LIMITED: 1_000, QUOTA_EXCEEDED: 60_000 };
const DEFAULT_RETRY_AFTER_MS = 2_000;

/** The document that re-reads records, each under its own alias: its key and changed fields (objects by their type name only: what changed, not where it points). */
export function rereadDocument(items: readonly Pick<RereadItem, 'entity' | 'fields'>[]): string {
  const variables = items.map((item, i) => `$k${i}: ${item.entity.root.argumentType}`);
  const selections = items.map(({ entity, fields }, i) => {
    const selection = [entity.keyField, ...fields.filter((f) => f !== entity.keyField).map((f) => (isScalarField(entity, f) ? f : `${f} { __typename }`))];
    return `r${i}: ${entity.root.field}(${entity.root.argument}: $k${i}) { ${selection.join(' ')} }`;
  });
  return `query ChangeFeedReread(${variables.join(', ')}) { ${selections.join(' ')} }`;
}

/**
 * Re-reads through the gateway, as the subscribing application under the subscription's scenario: the same
 * authorization, row rules, masks, traffic limits and logs as the application's own query. The use reason
 * names the subscription, so the request log and the owner's disclosure log say why the records were read.
 */
export function rereadThroughGateway(gatewayUrl: string, assertions: FeedAssertions): Reread {
  return async (subscription, items) => {
    const token = await assertions.sign({ applicationId: subscription.applicationId, scenario: subscription.scenarioCode, subscriptionId: subscription.id });
    let response: Response;
    try {
      response = await fetch(gatewayUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json', [FEED_HEADER]: token, 'x-use-reason': `change feed ${subscription.id}` },
        body: JSON.stringify({ query: rereadDocument(items), variables: Object.fromEntries(items.map((item, i) => [`k${i}`, item.key])) }),
        signal: AbortSignal.timeout(30_000),
      });
    } catch (error) {
      return { kind: 'unavailable', code: 'GATEWAY_UNREACHABLE', message: (error as Error).message, retryAfterMs: DEFAULT_RETRY_AFTER_MS };
    }
    const requestId = response.headers.get('x-request-id');
    const answer = (await response.json().catch(() => ({}))) as {
      data?: Record<string, Record<string, unknown> | null> | null;
      errors?: { message: string; extensions?: { code?: string } }[];
    };
    const [error] = answer.errors ?? [];
    // Any error (a whole refusal or one owner's field) leaves the events to be re-read later: nothing is sent on a partial view.
    if (error || !answer.data) {
      const code = error?.extensions?.code ?? `HTTP_${response.status}`;
      return { kind: 'unavailable', code, message: error?.message ?? 'no data', retryAfterMs: RETRY_AFTER_MS[code] ?? DEFAULT_RETRY_AFTER_MS };
    }
    return { kind: 'answered', requestId, records: items.map((_, i) => answer.data![`r${i}`] ?? null) };
  };
}
