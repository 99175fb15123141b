import type { Caller } from '@civicgraph/governance';
import type { OutcomeContext } from '@civicgraph/server';

/** What the gateway knows about one request once it has authenticated it. */
export interface GatewayContext extends OutcomeContext {
  requestId: string;
  caller: Caller;
  /** The `X-Use-Reason` header (申请事由), at most 200 characters. */
  useReason: string | null;
  /** The citizen's ID number from a verified `X-Subject-Token`. */
  subject: string | null;
  /** Signed contexts made for this request, by subgraph. */
  contextTokens?: Map<string, Promise<string>>;
  /**
   * The owners' disclosure commits still to be confirmed for this request (each true once committed): the
   * subgraphs answer before committing, and the response waits for every one. Made with the context, so
   * the copies Apollo Server gives each operation of a batch share it.
   */
  disclosureCommits: Promise<boolean>[];
}
