import type { Database, Queryable } from '@civicgraph/db';
import { isGrantInForce, parseRowConstraints } from '@civicgraph/policy';
import type { FeedOwner } from './feedEntities';

/** A subscription as the dispatcher works with it (the governance database's `change_subscription`). */
export interface Subscription {
  id: string;
  applicationId: string;
  scenarioCode: string;
  owner: FeedOwner;
  entityTypes: string[];
  operations: string[];
  delivery: 'WEBHOOK' | 'STREAM';
  endpoint: string | null;
  payload: 'THIN' | 'FULL';
  /** The secrets that sign now: the current one, and the previous one within its day of overlap. */
  secrets: string[];
  position: bigint;
  nextSequence: bigint;
  createdAt: Date;
  /** Records the scenario may read in one request (its row constraint `maxRows`), else unbounded. */
  maxRecords: number;
}

/** Why a subscription delivers nothing now: a stable code for the stream's last event and the API. */
export type StopCode =
  | 'SUBSCRIPTION_NOT_FOUND'
  | 'SUBSCRIPTION_CANCELLED'
  | 'ENDPOINT_GONE'
  | 'SCENARIO_SUSPENDED'
  | 'SCENARIO_NOT_YET_VALID'
  | 'SCENARIO_EXPIRED'
  | 'APPLICATION_UNBOUND';

export type SubscriptionState =
  { inForce: true; subscription: Subscription; granted: ReadonlySet<string> } | { inForce: false; code: StopCode; message: string };

interface StateRow {
  id: string;
  application_id: string;
  scenario_code: string;
  owner: FeedOwner;
  entity_types: string[];
  operations: string[];
  delivery: 'WEBHOOK' | 'STREAM';
  endpoint: string | null;
  payload: 'THIN' | 'FULL';
  status: string;
  status_reason: string | null;
  secret: string;
  previous_secret: string | null;
  previous_secret_until: Date | string | null;
  position: string;
  next_sequence: string;
  created_at: Date | string;
  scenario_status: string;
  constraints: unknown;
  valid_from: Date | string;
  valid_until: Date | string | null;
  bound: boolean;
  grants: { coordinate: string; expiresAt: string | null }[] | null;
}

const asDate = (value: Date | string) => (value instanceof Date ? value : new Date(value));

/**
 * The subscription as it stands now, read fresh from the governance database on every delivery (no cache):
 * a scenario suspended, expired or unbound, a grant removed, a subscription cancelled — each takes effect
 * on the next event.
 */
export async function subscriptionState(governance: Queryable, id: string, neverGranted: ReadonlySet<string>, now = new Date()): Promise<SubscriptionState> {
  const [row] = await governance.query<StateRow>(
    `SELECT s.id::text, s.application_id::text, s.scenario_code, s.owner, s.entity_types, s.operations, s.delivery, s.endpoint, s.payload,
            s.status, s.status_reason, s.secret, s.previous_secret, s.previous_secret_until, s.position::text, s.next_sequence::text, s.created_at,
            sc.status::text AS scenario_status, sc.valid_from, sc.valid_until, sc.constraints,
            EXISTS (SELECT 1 FROM scenario_application b WHERE b.scenario_code = s.scenario_code AND b.application_id = s.application_id) AS bound,
            (SELECT json_agg(json_build_object('coordinate', g.coordinate, 'expiresAt', g.expires_at)) FROM "grant" g WHERE g.scenario_code = s.scenario_code) AS grants
       FROM change_subscription s JOIN scenario sc ON sc.code = s.scenario_code
      WHERE s.id = $1::uuid`,
    [id],
  );
  if (!row) return { inForce: false, code: 'SUBSCRIPTION_NOT_FOUND', message: `There is no change subscription ${id}` };
  if (row.status === 'CANCELLED') return { inForce: false, code: 'SUBSCRIPTION_CANCELLED', message: 'The subscription was cancelled' };
  if (row.status === 'DISABLED') return { inForce: false, code: 'ENDPOINT_GONE', message: row.status_reason ?? 'The subscription was disabled' };
  if (!row.bound) return { inForce: false, code: 'APPLICATION_UNBOUND', message: `The application is no longer bound to scenario "${row.scenario_code}"` };
  if (row.scenario_status !== 'ACTIVE') return { inForce: false, code: 'SCENARIO_SUSPENDED', message: `Scenario "${row.scenario_code}" is suspended` };
  if (asDate(row.valid_from) > now) return { inForce: false, code: 'SCENARIO_NOT_YET_VALID', message: `Scenario "${row.scenario_code}" is not valid yet` };
  if (row.valid_until && asDate(row.valid_until) <= now)
    return { inForce: false, code: 'SCENARIO_EXPIRED', message: `Scenario "${row.scenario_code}" has expired` };
  const granted = new Set(
    (row.grants ?? [])
      .map((g) => ({ coordinate: g.coordinate, expiresAt: g.expiresAt === null ? null : new Date(g.expiresAt) }))
      .filter((g) => isGrantInForce(g, now, neverGranted))
      .map((g) => g.coordinate),
  );
  const previousInForce = row.previous_secret && row.previous_secret_until && asDate(row.previous_secret_until) > now;
  return {
    inForce: true,
    granted,
    subscription: {
      id: row.id,
      applicationId: row.application_id,
      scenarioCode: row.scenario_code,
      owner: row.owner,
      entityTypes: row.entity_types,
      operations: row.operations,
      delivery: row.delivery,
      endpoint: row.endpoint,
      payload: row.payload,
      secrets: previousInForce ? [row.secret, row.previous_secret!] : [row.secret],
      position: BigInt(row.position),
      nextSequence: BigInt(row.next_sequence),
      createdAt: asDate(row.created_at),
      maxRecords: parseRowConstraints(row.constraints ?? {}).maxRows ?? Number.POSITIVE_INFINITY,
    },
  };
}

/** The ids of the subscriptions of an owner's records that deliver by webhook and are not cancelled or disabled. */
export async function webhookSubscriptionsOf(governance: Database, owner: FeedOwner): Promise<string[]> {
  const rows = await governance.query<{ id: string }>(
    `SELECT id::text FROM change_subscription WHERE owner = $1 AND delivery = 'WEBHOOK' AND status = 'ACTIVE' ORDER BY created_at`,
    [owner],
  );
  return rows.map((r) => r.id);
}
