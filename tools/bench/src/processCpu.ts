import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';

const TICKS_PER_SECOND = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;

/** Fields of /proc/<pid>/stat after the command name (which may hold spaces). */
function statFields(pid: number): string[] | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  } catch {
    return null; // gone meanwhile
  }
}

/**
 * CPU time, in ms, of a PostgreSQL server: its postmaster and every process it started, including those
 * that have exited (their time moves into the postmaster's "children" counters when it reaps them), so
 * the difference of two readings is the server's work in between. Linux only.
 */
export function postgresServerCpu(postmasterPid: number): () => number {
  return () => {
    let ticks = 0;
    for (const entry of readdirSync('/proc')) {
      const pid = Number(entry);
      if (!Number.isInteger(pid)) continue;
      const fields = statFields(pid);
      // After the name: state(0) ppid(1) … utime(11) stime(12) cutime(13) cstime(14).
      if (!fields || (pid !== postmasterPid && Number(fields[1]) !== postmasterPid)) continue;
      ticks += Number(fields[11]) + Number(fields[12]) + (pid === postmasterPid ? Number(fields[13]) + Number(fields[14]) : 0);
    }
    return (ticks * 1000) / TICKS_PER_SECOND;
  };
}

/** The postmaster behind a connection: the parent of the backend serving it. */
export function postmasterOf(backendPid: number): number {
  const fields = statFields(backendPid);
  if (!fields) throw new Error(`no process ${backendPid}: is the PostgreSQL server on this machine?`);
  return Number(fields[1]);
}

/** CPU time, in ms, of one process (user and system) so far. Linux only. */
export function processCpu(pid: number): () => number {
  return () => {
    const fields = statFields(pid);
    if (!fields) throw new Error(`process ${pid} is gone`);
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / TICKS_PER_SECOND;
  };
}
