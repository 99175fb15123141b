import type { InputProblem } from '@civicgraph/errors';
import type { PrismaClient } from '@civicgraph/prisma/governance';
import { applicationInferenceProblems, inferenceProblems, neverGranted, type GrantRequest } from './grantRules';
import { isGrantInForce } from '@civicgraph/policy';

/** Grants already stored that undo a mask: one scenario's own, or one application's across its scenarios. */
export interface StoredMaskInference {
  /** `scenario "district-office"` or `application "Counter app" (id)`. */
  holder: string;
  problems: InputProblem[];
}

/**
 * Checks every stored scenario, and every application across the scenarios it is bound to, for grants
 * that together give back a value read masked (the rule the admin API enforces on every change; this
 * finds what was granted before it, or written around it).
 */
export async function storedMaskInferences(prisma: PrismaClient, now = new Date()): Promise<StoredMaskInference[]> {
  const scenarios = await prisma.scenario.findMany({ include: { grants: true, applications: { include: { application: true } } }, orderBy: { code: 'asc' } });
  const current = new Map<string, GrantRequest[]>(scenarios.map((s) => [s.code, s.grants.filter((g) => isGrantInForce(g, now, neverGranted()))]));
  const found: StoredMaskInference[] = [];
  for (const scenario of scenarios) {
    const problems = inferenceProblems(current.get(scenario.code)!, 'grants');
    if (problems.length) found.push({ holder: `scenario "${scenario.code}"`, problems });
  }
  const byApplication = new Map<string, { name: string; codes: string[] }>();
  for (const scenario of scenarios) {
    for (const { application } of scenario.applications) {
      const entry = byApplication.get(application.id) ?? { name: application.name, codes: [] };
      entry.codes.push(scenario.code);
      byApplication.set(application.id, entry);
    }
  }
  for (const [id, { name, codes }] of byApplication) {
    if (codes.length < 2) continue;
    const sets = codes.map((scenarioCode) => ({ scenarioCode, grants: current.get(scenarioCode)! }));
    const problems = applicationInferenceProblems(`application "${name}"`, sets, 'scenarios');
    if (problems.length) found.push({ holder: `application "${name}" (${id}), bound to ${codes.join(', ')}`, problems });
  }
  return found;
}
