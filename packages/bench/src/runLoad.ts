import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);

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
   * CPU time this process (the servers; the load generator is a child process) spent per request, in
   * ms. Far steadier than throughput on a shared machine, where other tenants change the CPU we get.
   */
  cpuMsPerRequest: number;
}

/**
 * Drives one POST endpoint with autocannon in a separate process, so the load generator does not share
 * an event loop with the servers it measures.
 */
export async function runLoad(
  name: string,
  url: string,
  body: string,
  options: { connections: number; seconds: number; headers?: Record<string, string> },
): Promise<LoadResult> {
  const cpuBefore = process.cpuUsage();
  const headers = Object.entries({ 'content-type': 'application/json', ...options.headers }).flatMap(([k, v]) => ['-H', `${k}=${v}`]);
  const { stdout } = await run(
    process.execPath,
    [require.resolve('autocannon/autocannon.js'), '-c', String(options.connections), '-d', String(options.seconds), '-m', 'POST', ...headers, '-b', body, '-j', url],
    { maxBuffer: 64 * 1024 * 1024 },
  );
  const cpu = process.cpuUsage(cpuBefore);
  const report = JSON.parse(stdout) as { requests: { average: number; total: number }; latency: { p50: number; p99: number }; non2xx: number; errors: number };
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
    cpuMsPerRequest: Math.round(((cpu.user + cpu.system) / 1000 / Math.max(report.requests.total, 1)) * 100) / 100,
  };
}
