import type { GraphQLError } from 'graphql';
import type { Caller } from '@civicgraph/governance';
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
  /**
   * Whether the owners answer before committing what they disclose, and confirm the commit after: decided
   * when the request arrives, by how many are in flight, itself included (GatewayOptions.overlapCommitsUpTo).
   */
  overlapCommits: boolean;
  /** Signed contexts made for this request, by subgraph. */
  contextTokens?: Map<string, Promise<string>>;
  /**
   * The owners' disclosure commits still to be confirmed for this request (each true once committed; false
   * for an owner that answered AUDIT_UNAVAILABLE): the response waits for every one. Made with the context,
   * so the copies Apollo Server gives each operation of a batch share it.
   */
  disclosureCommits: Promise<boolean>[];
  /** Rows the request's operations can return so far, estimated (useRequestBudgets); shared by a batch's operations. */
  rowsEstimated: { rows: number; searchRows: number };
}
