import { createDisclosureLog } from '@civicgraph/audit';
import type { Database } from '@civicgraph/db';
import { auditUnavailable } from '@civicgraph/errors';
import { DISCLOSED_HEADER } from '@civicgraph/policy';
import type { Logger, SubgraphAnswer } from '@civicgraph/server';
import type { SubgraphContext } from './createSubgraph';

/**
 * How long a disclosure commit waits at most for requests still executing here (GroupCommitOptions.gather).
 * A request alone never waits; one that ended without a response would make a commit wait this long at
 * worst, never longer. Measurements are in the benchmark's results.
 */
const COMPANION_WAIT_MS = 4;

export interface DisclosureLogStep {
  /** A request starts executing (a commit about to start waits briefly for such requests' records). */
  began(): void;
  /** The request that began is answered: its disclosures are committed, or the answer is withheld. */
  commit(context: SubgraphContext<unknown, unknown>, answer: SubgraphAnswer, arrivedAt: Date): Promise<SubgraphAnswer>;
}

/**
 * The owner's disclosure log (披露日志) as the step before delivery. Durable before delivery: the records a
 * request disclosed are committed (group commit) before its answer leaves, and the answer tells the gateway
 * how many (DISCLOSED_HEADER). If they cannot be committed, the data does not leave either: the answer
 * becomes HTTP 503 AUDIT_UNAVAILABLE, which the gateway reads as a failed owner and withholds its whole answer.
 */
export function useDisclosureLog(db: Database, service: string, logger: Logger): DisclosureLogStep {
  // Requests executing here: a commit about to start waits briefly for their records to carry them too.
  let executing = 0;
  const log = createDisclosureLog(db, service, { inFlight: () => executing, maxWaitMs: COMPANION_WAIT_MS });
  return {
    began() {
      executing++;
    },
    async commit({ disclosures, caller }, answer, arrivedAt) {
      executing--;
      if (!disclosures.size) {
        log.notify();
        return answer;
      }
      const records = disclosures.records({
        requestId: caller.requestId,
        at: arrivedAt,
        app: caller.app,
        department: caller.department,
        scenario: caller.scenario,
        grantVersion: caller.grantVersion,
        subject: caller.subject,
        useReason: caller.useReason,
      });
      try {
        await log.append(records);
        return { ...answer, headers: { ...answer.headers, [DISCLOSED_HEADER]: String(disclosures.size) } };
      } catch (error) {
        logger.error({ err: error, requestId: caller.requestId }, 'disclosure log unavailable: response withheld');
        const withheld = auditUnavailable();
        return { ...answer, status: 503, result: { errors: [{ message: withheld.message, extensions: { code: withheld.extensions.code } }] } };
      }
    },
  };
}
