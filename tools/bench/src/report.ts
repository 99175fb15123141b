import type { LoadResult } from './runLoad';

/** One variant on one query, over all its measured runs. */
export interface VariantSummary {
  variant: string;
  query: string;
  runs: number;
  /** Mean over the runs. */
  requestsPerSecond: number;
  /** Median over the runs. */
  latencyP50Ms: number;
  latencyP99Ms: number;
  /** Weighted by requests: the benchmark's own process (the gateway, and whatever else runs in it). */
  cpuMsPerRequest: number;
  /** The subgraph processes together, when the subgraphs run in processes of their own. */
  subgraphCpuMsPerRequest: number | null;
  databaseCpuMsPerRequest: number | null;
  statementsPerRequest: number;
  /** Highest over the runs (the whole process: every server and, on PGlite, every database). */
  peakRssMiB: number;
  /** Non-2xx responses and connection errors. */
  failed: number;
}

export interface BenchReport {
  date: string;
  machine: { cpus: number; cpu: string; memoryGiB: number; node: string; os: string };
  database: string;
  setup: string;
  summaries: VariantSummary[];
  /** `rounds`: the same ratio within each round (the two variants measured minutes apart at most), in round order. */
  ratios: { name: string; value: number; target: string | null; rounds?: number[] }[];
  statementsByPageSize: { first: number; statements: number }[];
  /** Audit records per group commit, by service/log, over every audited run. */
  auditRecordsPerCommit: Record<string, number>;
  runs: LoadResult[];
}

/** CPU per request of every process measured (of a variant or one of its runs): the gateway's, the subgraph processes' and the database server's. */
export function totalCpuMsPerRequest(s: Pick<VariantSummary, 'cpuMsPerRequest' | 'subgraphCpuMsPerRequest' | 'databaseCpuMsPerRequest'>): number {
  return s.cpuMsPerRequest + (s.subgraphCpuMsPerRequest ?? 0) + (s.databaseCpuMsPerRequest ?? 0);
}

function meets(value: number, target: string): boolean {
  const [, op, bound] = /^([≥≤])\s*([\d.]+)$/.exec(target) ?? [];
  return op === '≥' ? value >= Number(bound) : value <= Number(bound);
}

export function markdownReport(r: BenchReport): string {
  const separate = r.summaries.some((s) => s.subgraphCpuMsPerRequest !== null);
  const lines = [
    `# Benchmark, ${r.date.slice(0, 10)} — ${r.database}`,
    '',
    `Machine: ${r.machine.cpus} × ${r.machine.cpu}, ${r.machine.memoryGiB} GiB, ${r.machine.os}, Node.js ${r.machine.node}.`,
    `Setup: ${r.setup}.`,
    ...(separate
      ? [
          '',
          "The single-process variant's subgraphs, and the population subgraph queried alone, are counted where they run: the first in the gateway process, the second in the subgraph processes.",
        ]
      : []),
    '',
    `| query | variant | req/s | p50 ms | p99 ms | CPU ms/req (${separate ? 'gateway process' : 'services, one process'}) | CPU ms/req (subgraph processes) | CPU ms/req (PostgreSQL) | SQL statements/req | peak RSS MiB | failed |`,
    '| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...r.summaries.map(
      (s) =>
        `| ${s.query} | ${s.variant} | ${s.requestsPerSecond} | ${s.latencyP50Ms} | ${s.latencyP99Ms} | ${s.cpuMsPerRequest} | ${s.subgraphCpuMsPerRequest ?? '—'} | ${s.databaseCpuMsPerRequest ?? '—'} | ${s.statementsPerRequest} | ${s.peakRssMiB} | ${s.failed} |`,
    ),
    '',
    '| ratio (throughput unless named) | value | target | met |',
    '| --- | ---: | --- | --- |',
    ...r.ratios.map(
      (x) =>
        `| ${x.name} | ${x.value}${x.rounds ? ` (rounds ${x.rounds.join(', ')})` : ''} | ${x.target ?? ''} | ${x.target ? (meets(x.value, x.target) ? 'yes' : '**no**') : ''} |`,
    ),
    '',
    `SQL statements for one \`people(first: N)\` request through the governed gateway (audit commits included): ${r.statementsByPageSize.map((p) => `N = ${p.first}: ${p.statements}`).join('; ')}.`,
    '',
    `Audit records per group commit: ${Object.entries(r.auditRecordsPerCommit)
      .map(([log, n]) => `${log} ${n}`)
      .join(', ')}.`,
    '',
  ];
  return lines.join('\n');
}
