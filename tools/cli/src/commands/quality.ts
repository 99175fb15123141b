import { callAdminApi } from '../adminApi';
import type { Env } from '../cliEnvironment';

/** What the commands need: the gateway and an administrator's key. */
type AdminEnv = Pick<Env, 'CIVICGRAPH_ADMIN_KEY' | 'CIVICGRAPH_URL' | 'PORT'>;
import { toCsv } from './catalogExport';

export const QUALITY_GROUPINGS = ['department', 'database', 'table', 'item', 'dimension'] as const;
export type QualityGroupingName = (typeof QUALITY_GROUPINGS)[number];
export type ReportFormat = 'text' | 'json' | 'csv';

interface RunAnswer {
  id: string;
  status: 'REQUESTED' | 'RUNNING' | 'SUCCEEDED' | 'FAILED';
  failure: string | null;
  asOf: string | null;
  rulesetVersion: string | null;
  progress: { step: string; done: number; total: number } | null;
}

const RUN_FIELDS = 'id status failure asOf rulesetVersion progress { step done total }';

const STEP_NAMES: Record<string, string> = {
  'owner-rules': 'owners’ rules',
  'platform-read': 'reading residents through the platform',
  'cross-rules': 'cross-database rules',
};

/**
 * `civicgraph quality run`: asks the running platform for a quality run (or joins the one waiting or
 * running), shows its progress on stderr, and prints its report when it ends. Exit 1 when the run failed.
 */
export async function qualityRunCommand(env: AdminEnv, format: ReportFormat, pollMs = 500): Promise<void> {
  const { requestQualityRun: requested } = await callAdminApi<{ requestQualityRun: RunAnswer }>(
    env,
    'quality run',
    `mutation { requestQualityRun { ${RUN_FIELDS} } }`,
    {},
  );
  console.error(`Quality run ${requested.id} ${requested.status === 'REQUESTED' ? 'requested' : 'already running; following it'}`);
  let run = requested;
  let shown = '';
  while (run.status === 'REQUESTED' || run.status === 'RUNNING') {
    await new Promise((resolve) => setTimeout(resolve, pollMs));
    ({ qualityRun: run } = await callAdminApi<{ qualityRun: RunAnswer }>(env, 'quality run', `query($id: ID!) { qualityRun(id: $id) { ${RUN_FIELDS} } }`, {
      id: requested.id,
    }));
    const p = run.progress;
    const line = p ? `  ${STEP_NAMES[p.step] ?? p.step}: ${p.done}${p.total ? `/${p.total}` : ''}` : `  ${run.status.toLowerCase()}`;
    if (line !== shown) console.error((shown = line));
  }
  if (run.status === 'FAILED') {
    process.exitCode = 1;
    console.error(`Quality run ${run.id} failed: ${run.failure}`);
    return;
  }
  console.error(`Quality run ${run.id} finished: data as of ${run.asOf}, rules ${run.rulesetVersion}`);
  await qualityReportCommand(env, { runId: run.id, groupBy: 'department', format });
}

interface ReportAnswer {
  qualityReport: {
    run: { id: string; asOf: string; finishedAt: string };
    rows: { group: string; dimension: string; checked: number; failed: number; passed: number; rate: number | null }[];
    worst: { ruleCode: string; item: string; departmentCode: string; checked: number; failed: number; rate: number | null }[];
  } | null;
}

const percent = (rate: number | null) => (rate === null ? '—' : `${(rate * 100).toFixed(2)}%`);

/** `civicgraph quality report`: the rates of the newest run (or one), grouped, as text, JSON or CSV. */
export async function qualityReportCommand(env: AdminEnv, options: { runId?: string; groupBy: QualityGroupingName; format: ReportFormat }): Promise<void> {
  const { qualityReport: report } = await callAdminApi<ReportAnswer>(
    env,
    'quality report',
    `query($runId: ID, $groupBy: QualityGrouping!) {
      qualityReport(runId: $runId, groupBy: $groupBy) {
        run { id asOf finishedAt }
        rows { group dimension checked failed passed rate }
        worst { ruleCode item departmentCode checked failed rate }
      }
    }`,
    { runId: options.runId ?? null, groupBy: options.groupBy.toUpperCase() },
  );
  if (!report)
    throw new Error(options.runId ? `no finished quality run ${options.runId}` : 'no quality run has finished yet (civicgraph quality run starts one)');
  if (options.format === 'json') return void process.stdout.write(`${JSON.stringify({ ...report, groupBy: options.groupBy }, null, 2)}\n`);
  if (options.format === 'csv') {
    const rows = report.rows.map(({ group, ...r }) => ({ run: report.run.id, asOf: report.run.asOf, [options.groupBy]: group, ...r }));
    return void process.stdout.write(toCsv(rows));
  }
  console.log(`Quality run ${report.run.id}, data as of ${report.run.asOf}, by ${options.groupBy}:`);
  const width = Math.max(...report.rows.map((r) => r.group.length), options.groupBy.length);
  console.log(`  ${options.groupBy.padEnd(width)}  ${'dimension'.padEnd(12)}  ${'passed/checked'.padStart(17)}  rate`);
  for (const r of report.rows)
    console.log(`  ${r.group.padEnd(width)}  ${r.dimension.padEnd(12)}  ${`${r.passed}/${r.checked}`.padStart(17)}  ${percent(r.rate)}`);
  if (report.worst.length) {
    console.log('Worst rules:');
    for (const w of report.worst) console.log(`  ${w.ruleCode} (${w.item}, ${w.departmentCode}): ${w.failed} of ${w.checked} fail, ${percent(w.rate)}`);
  }
}

interface IssuesAnswer {
  qualityIssues: {
    id: string;
    ruleCode: string;
    item: string;
    state: string;
    failed: number;
    checked: number;
    dueOn: string;
    overdue: boolean;
    note: string | null;
    department: { code: string };
  }[];
}

/** `civicgraph quality issues`: quality issues, oldest due first, as text, JSON or CSV. */
export async function qualityIssuesCommand(
  env: AdminEnv,
  filter: { departmentCode?: string; state?: string; overdue?: boolean },
  format: ReportFormat,
): Promise<void> {
  const { qualityIssues } = await callAdminApi<IssuesAnswer>(
    env,
    'quality issues',
    `query($filter: QualityIssueFilter) { qualityIssues(filter: $filter) { id ruleCode item state failed checked dueOn overdue note department { code } } }`,
    { filter: { departmentCode: filter.departmentCode ?? null, state: filter.state?.toUpperCase() ?? null, overdue: filter.overdue ?? null } },
  );
  const rows = qualityIssues.map(({ department, ...i }) => ({ ...i, department: department.code }));
  if (format === 'json') return void process.stdout.write(`${JSON.stringify(rows, null, 2)}\n`);
  if (format === 'csv') return void process.stdout.write(toCsv(rows));
  if (!rows.length) return console.log('No quality issues.');
  for (const i of rows) {
    console.log(`${i.id}  ${i.department}  ${i.state}${i.overdue ? ' OVERDUE' : ''}  due ${i.dueOn}  ${i.ruleCode}: ${i.failed} of ${i.checked} records`);
  }
}
