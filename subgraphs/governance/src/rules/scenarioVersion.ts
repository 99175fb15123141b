import type { Prisma } from '@civicgraph/prisma/governance';

/**
 * The update every change to a scenario, its grants or its bound applications carries: a new version
 * (gateways and subgraphs key their decisions on it) and the time of the change.
 */
export function nextScenarioVersion(now: Date = new Date()) {
  return { version: { increment: 1 }, updatedAt: now } satisfies Prisma.ScenarioUpdateInput;
}
