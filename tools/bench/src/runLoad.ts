import { spawn } from 'node:child_process';
import path from 'node:path';

export interface LoadResult {
  name: string;
  connections: number;
  seconds: number;
  requestsPerSecond: number;
  latencyP50Ms: number;
  latencyP99Ms: number;
  non2xx: number;
  errors: number;
  /** Requests completed. */
  requests: number;
  /**
   * CPU time the gateway's process spent per request, in ms: this process's (the subgraphs' and embedded
   * databases' too when they run in it; the load generator is a child process), or that of a gateway run
   * as a process of its own (Grafbase). Far steadier than throughput on a shared machine, where other
   * tenants change the CPU we get.
   */
  cpuMsPerRequest: number;
  /** CPU time of the subgraph processes per request, in ms; null when the subgraphs run in this process. */
  subgraphCpuMsPerRequest: number | null;
  /** CPU time of the PostgreSQL server per request, in ms; null on embedded PGlite (its work is in `cpuMsPerRequest`). */
  databaseCpuMsPerRequest: number | null;
  /** SQL statements the databases ran per request (audit commits included). */
  statementsPerRequest: number;
  /** Highest resident set size of this process during the run, MiB (sampled every 50 ms). */
  peakRssMiB: number;
}

export interface LoadProbes {
  /** Statements run so far, over every database. */
  statements(): number | Promise<number>;
  /** CPU ms of the database server so far, if it is a separate process. */
  databaseCpuMs?: () => number;
  /** CPU ms of the subgraph processes so far, if the subgraphs run in processes of their own. */
  subgraphCpuMs?: () => number;
  /** CPU ms of the gateway so far, when it runs in a process of its own (else this process's CPU is the gateway's). */
  gatewayCpuMs?: () => number;
}

/** Samples this process's resident set size until stopped; `stop` returns the highest seen, in MiB. */
export function trackPeakRss(intervalMs = 50): { stop(): number } {
  let peak = process.memoryUsage.rss();
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage.rss())), intervalMs);
  return {
    stop() {
      clearInterval(sampler);
      return Math.round(Math.max(peak, process.memoryUsage.rss()) / 2 ** 20);
    },
  };
}

/** Waits until no statement has run for 300 ms (at most 30 s): the servers are idle. */
export async function settle(probes: LoadProbes): Promise<void> {
  const deadline = Date.now() + 30_000;
  let last = await probes.statements();
  while (Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 300));
    const now = await probes.statements();
    if (now === last) return;
    last = now;
  }
}

/** Runs the load generator (loadClient.js, beside this file) with its spec on stdin; resolves with its output. */
function generateLoad(spec: object): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(__dirname, 'loadClient.js')], { stdio: ['pipe', 'pipe', 'inherit'] });
    let stdout = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve(stdout) : reject(new Error(`the load generator exited with ${code}`))));
    child.stdin.end(JSON.stringify(spec));
  });
}

/**
 * Drives one POST endpoint with autocannon in a separate process, so the load generator does not share
 * an event loop with the servers it measures; the requests take the bodies in turn.
 */
export async function runLoad(
  name: string,
  url: string,
  bodies: readonly string[],
  options: { connections: number; seconds: number; headers?: Record<string, string>; probes: LoadProbes },
): Promise<LoadResult> {
  const { probes } = options;
  const gatewayCpuBefore = probes.gatewayCpuMs?.();
  const statementsBefore = await probes.statements();
  const databaseCpuBefore = probes.databaseCpuMs?.();
  const subgraphCpuBefore = probes.subgraphCpuMs?.();
  const rss = trackPeakRss();
  const cpuBefore = process.cpuUsage();
  let stdout: string;
  let peakRssMiB: number;
  try {
    stdout = await generateLoad({
      url,
      connections: options.connections,
      seconds: options.seconds,
      headers: { 'content-type': 'application/json', ...options.headers },
      bodies,
    });
    // autocannon stops with requests in flight; they finish now. Their work belongs to this run (and is
    // not counted as completed requests), not to the next one.
    await settle(probes);
  } finally {
    peakRssMiB = rss.stop();
  }
  const cpu = process.cpuUsage(cpuBefore);
  const gatewayCpuMs = gatewayCpuBefore === undefined ? (cpu.user + cpu.system) / 1000 : probes.gatewayCpuMs!() - gatewayCpuBefore;
  const report = JSON.parse(stdout) as {
    requests: { average: number; total: number };
    latency: { p50: number; p99: number };
    non2xx: number;
    errors: number;
    failures: string[];
  };
  if (report.non2xx) console.error(`${name}: ${report.non2xx} answers were not 2xx, among them:\n  ${report.failures.join('\n  ')}`);
  const requests = Math.max(report.requests.total, 1);
  const round2 = (n: number) => Math.round(n * 100) / 100;
  return {
    name,
    connections: options.connections,
    seconds: options.seconds,
    requestsPerSecond: Math.round(report.requests.average * 10) / 10,
    latencyP50Ms: report.latency.p50,
    latencyP99Ms: report.latency.p99,
    non2xx: report.non2xx,
    errors: report.errors,
    requests: report.requests.total,
    cpuMsPerRequest: round2(gatewayCpuMs / requests),
    subgraphCpuMsPerRequest: subgraphCpuBefore === undefined ? null : round2((probes.subgraphCpuMs!() - subgraphCpuBefore) / requests),
    databaseCpuMsPerRequest: databaseCpuBefore === undefined ? null : round2((probes.databaseCpuMs!() - databaseCpuBefore) / requests),
    statementsPerRequest: round2(((await probes.statements()) - statementsBefore) / requests),
    peakRssMiB,
  };
}
