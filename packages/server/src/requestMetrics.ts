import { performance } from 'node:perf_hooks';
import { metricsOf } from '@civicgraph/observability';
import type { Exchange } from './graphqlHandler';
import { errorCodesOf, type OperationOutcome, type OutcomeContext } from './operationOutcomes';

/**
 * The operations of an exchange as they ended: those Apollo Server ran, or — for a request refused
 * before it had a context — one refused operation with the response's error codes.
 */
export function outcomesOf(exchange: Exchange<OutcomeContext>): OperationOutcome[] {
  const ran = exchange.context?.operations;
  if (ran?.length) return ran;
  return [
    {
      index: 0,
      operationName: null,
      documentHash: null,
      executed: false,
      dataReleased: false,
      errorCodes: errorCodesOf(exchange.response.body),
      coordinates: [],
      records: 0,
    },
  ];
}

/** Counts the exchange's operations by scenario, decision and (first) error code, and its duration. */
export function observeExchange(
  service: string,
  scenario: string | null,
  outcomes: readonly Pick<OperationOutcome, 'executed' | 'errorCodes'>[],
  startedAt: number,
): void {
  const scenarioLabel = scenario ?? 'none';
  const metrics = metricsOf(service);
  for (const outcome of outcomes) {
    metrics.requests.inc({ service, scenario: scenarioLabel, decision: outcome.executed ? 'allowed' : 'refused', code: outcome.errorCodes[0] ?? 'none' });
  }
  const decision = outcomes.every((o) => o.executed) ? 'allowed' : 'refused';
  metrics.requestDuration.observe({ service, scenario: scenarioLabel, decision }, (performance.now() - startedAt) / 1000);
}
