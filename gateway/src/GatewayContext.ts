import type { GraphQLError } from 'graphql';
import type { Caller } from './scenarioDirectory';
import type { RequestQuota } from './trafficLimits';
import type { OutcomeContext } from '@civicgraph/server';

/** What the gateway knows about one request once it has authenticated it. */
export interface GatewayContext extends OutcomeContext {
  requestId: string;
  /** The client's own `X-Request-Id`, kept beside the request id the gateway made. */
  correlationId: string | null;
  caller: Caller;
  /** Why the request is refused though its app is known (a header that cannot be stored, no use reason, a bad subject token). */
  refusal?: GraphQLError;
  /** The `X-Use-Reason` header (申请事由), at most 200 characters. */
  useReason: string | null;
  /** The citizen's ID number from a verified `X-Subject-Token`. */
  subject: string | null;
  /** When the request's owners are cut off (ms since the epoch; see deadlines.ts), and the budget it was set from. */
  deadline: number;
  timeoutMs: number;
  /**
   * Set when an owner answered AUDIT_UNAVAILABLE (it could not commit what it disclosed): the whole
   * response is withheld. An object made with the context, so the copies Apollo Server gives each operation
   * of a batch share it.
   */
  owners: { auditFailed: boolean };
  /** An open-API client's daily request quota after this request (the `X-RateLimit-*` headers). */
  rateLimit?: RequestQuota;
  /** Rows the request's operations can return so far, estimated (useRequestBudgets); shared by a batch's operations. */
  rowsEstimated: { rows: number; searchRows: number };
}
