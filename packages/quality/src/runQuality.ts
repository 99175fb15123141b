import type { Queryable } from '@civicgraph/db';
import { QUALITY_RULES, rulesetVersion, type BaseDatabaseName, type QualityRule } from './rules';
import { readPlatformView, type PlatformClient } from './platformView';

/** One rule's answer in one run: records in scope, and the keys of those that failed (sorted). */
export interface RuleOutcome {
  rule: QualityRule;
  checked: number;
  failing: string[];
}

export interface QualityRunResult {
  rulesetVersion: string;
  /** The day the data was checked as of (`YYYY-MM-DD`, Shanghai). */
  asOf: string;
  startedAt: Date;
  finishedAt: Date;
  outcomes: RuleOutcome[];
  /** How long each part took, ms: the owners' rules, reading the platform, the cross-database rules. */
  durations: { ownerRules: number; platformRead: number; crossRules: number };
}

export type QualityProgress = { step: 'owner-rules' | 'platform-read' | 'cross-rules'; done: number; total: number };

export interface RunQualityOptions {
  /** Each owner's database, where its own records are checked. */
  databases: Record<BaseDatabaseName, Queryable>;
  /** The gateway, under the quality supervision scenario: the other owners' side of the cross-database rules. */
  platform: PlatformClient;
  /** The instant checked as of. Default now. */
  asOf?: Date;
  rules?: readonly QualityRule[];
  onProgress?: (progress: QualityProgress) => void;
  /** Aborts the run between statements and pages (it then rejects with the signal's reason). */
  signal?: AbortSignal;
}

const SHANGHAI_DAY = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' });

/**
 * Applies every rule once: each owner's rules as one statement per rule in its database (the database
 * counts and collects the failures; nothing is read row by row), then the cross-database rules against
 * what the other owners answered through the platform.
 */
export async function runQuality({
  databases,
  platform,
  asOf = new Date(),
  rules = QUALITY_RULES,
  onProgress,
  signal,
}: RunQualityOptions): Promise<QualityRunResult> {
  const startedAt = new Date();
  const day = SHANGHAI_DAY.format(asOf);
  const params = [day, asOf.toISOString()];
  const outcomes = new Map<string, RuleOutcome>();

  const durations = { ownerRules: 0, platformRead: 0, crossRules: 0 };
  let mark = performance.now();
  const lap = () => {
    const now = performance.now();
    const took = now - mark;
    mark = now;
    return Math.round(took);
  };
  const ownerRules = rules.filter((r) => r.kind === 'owner');
  let done = 0;
  // One statement per rule, the owners side by side. The WHERE names both parameters, which PostgreSQL
  // wants typed even where a rule does not use them.
  await Promise.all(
    (Object.keys(databases) as BaseDatabaseName[]).map(async (database) => {
      for (const rule of ownerRules.filter((r) => r.database === database)) {
        signal?.throwIfAborted();
        const [row] = await databases[database].query<{ checked: number; failing: string[] }>(
          `SELECT count(*)::int AS checked, coalesce(array_agg(key ORDER BY key) FILTER (WHERE fails), '{}') AS failing FROM (${rule.sql}) AS checked_records WHERE $1::date IS NOT NULL AND $2::timestamptz IS NOT NULL`,
          params,
        );
        outcomes.set(rule.code, { rule, checked: row!.checked, failing: row!.failing });
        onProgress?.({ step: 'owner-rules', done: ++done, total: ownerRules.length });
      }
    }),
  );

  durations.ownerRules = lap();

  const crossRules = rules.filter((r) => r.kind === 'cross');
  if (crossRules.length) {
    const view = await readPlatformView(platform, (residents) => {
      signal?.throwIfAborted();
      onProgress?.({ step: 'platform-read', done: residents, total: 0 });
    });
    durations.platformRead = lap();
    done = 0;
    for (const rule of crossRules) {
      signal?.throwIfAborted();
      let checked = 0;
      const failing: string[] = [];
      for (const row of await databases[rule.database].query<{ key: string }>(rule.sql, [])) {
        const verdict = rule.judge(row, view, day);
        if (verdict === 'out-of-scope') continue;
        checked++;
        if (verdict === 'fail') failing.push(row.key);
      }
      outcomes.set(rule.code, { rule, checked, failing: failing.sort() });
      onProgress?.({ step: 'cross-rules', done: ++done, total: crossRules.length });
    }
    durations.crossRules = lap();
  }
  return { rulesetVersion: rulesetVersion(rules), asOf: day, startedAt, finishedAt: new Date(), outcomes: rules.map((r) => outcomes.get(r.code)!), durations };
}
