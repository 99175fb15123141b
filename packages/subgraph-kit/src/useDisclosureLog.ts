import type { ApolloServerPlugin } from '@apollo/server';
import { createDisclosureLog } from '@civicgraph/audit';
import type { Database } from '@civicgraph/db';
import { auditUnavailable } from '@civicgraph/errors';
import { DISCLOSED_HEADER } from '@civicgraph/policy';
import type { Logger } from '@civicgraph/server';
import type { SubgraphContext } from './createSubgraph';

/**
 * How long a disclosure commit waits at most for requests still executing here (GroupCommitOptions.gather).
 * A request alone never waits; one that ended without a response would make a commit wait this long at
 * worst, never longer. Measurements are in the benchmark's results.
 */
const COMPANION_WAIT_MS = 4;

/**
 * The owner's disclosure log (披露日志) as an Apollo Server plugin, its state inside it. Durable before
 * delivery: the records a request disclosed are committed (group commit) before its response leaves, and
 * the response tells the gateway how many (DISCLOSED_HEADER). If they cannot be committed, the data does
 * not leave either: the response becomes HTTP 503 AUDIT_UNAVAILABLE, which the gateway reads as a failed
 * owner and withholds its whole answer.
 */
export function useDisclosureLog(db: Database, service: string, logger: Logger): ApolloServerPlugin<SubgraphContext<unknown, unknown>> {
  // Requests executing here: a commit about to start waits briefly for their records to carry them too.
  let executing = 0;
  const log = createDisclosureLog(db, service, { inFlight: () => executing, maxWaitMs: COMPANION_WAIT_MS });
  return {
    async requestDidStart({ contextValue }) {
      executing++;
      const arrivedAt = new Date();
      return {
        async willSendResponse({ response }) {
          executing--;
          const { disclosures, caller } = contextValue;
          if (!disclosures.size) {
            log.notify();
            return;
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
            response.http.headers.set(DISCLOSED_HEADER, String(disclosures.size));
          } catch (error) {
            logger.error({ err: error, requestId: caller.requestId }, 'disclosure log unavailable: response withheld');
            const withheld = auditUnavailable();
            response.http.status = 503;
            response.body = { kind: 'single', singleResult: { errors: [{ message: withheld.message, extensions: { code: withheld.extensions.code } }] } };
          }
        },
      };
    },
  };
}
