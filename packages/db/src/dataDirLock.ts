import { linkSync, readFileSync, rmSync, writeFileSync } from 'node:fs';

/** What a lock file says about its holder. */
function holderOf(lockPath: string): number | null {
  try {
    const pid = Number.parseInt(readFileSync(lockPath, 'utf8'), 10);
    return Number.isInteger(pid) && pid > 0 ? pid : null;
  } catch {
    return null; // gone meanwhile
  }
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists, under another user.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** An embedded data folder already open elsewhere: two PostgreSQL instances on one folder corrupt it. */
export class DataDirInUseError extends Error {
  readonly code = 'DATA_DIR_IN_USE';
  constructor(
    readonly dataDir: string,
    readonly pid: number,
  ) {
    super(
      `the embedded database ${dataDir} is open in ${pid === process.pid ? 'this process already' : `process ${pid}`}` +
        ' (a running `npm start`?): stop it first, or point this command at PostgreSQL',
    );
  }
}

/**
 * Takes the embedded data folder for this process: a lock file beside it (`<folder>.lock`) holding our pid,
 * put in place exclusively. A lock left by a process that no longer runs (killed) is taken over. PGlite has no
 * postmaster to refuse a second instance the way PostgreSQL does, so without this an operator running a
 * command while the servers run would open the same files twice. Returns the release.
 */
export function lockDataDir(dataDir: string): () => void {
  const lockPath = `${dataDir}.lock`;
  // Written whole under a private name, then linked into place: the link is the atomic "create if absent",
  // and nobody ever reads a lock file without its pid.
  const draft = `${lockPath}.${process.pid}`;
  writeFileSync(draft, `${process.pid}\n`, { mode: 0o600 });
  try {
    for (let attempt = 0; ; attempt++) {
      try {
        linkSync(draft, lockPath);
        return () => {
          if (holderOf(lockPath) === process.pid) rmSync(lockPath, { force: true });
        };
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST' || attempt >= 2) throw error;
      }
      const holder = holderOf(lockPath);
      if (holder !== null && isRunning(holder)) throw new DataDirInUseError(dataDir, holder);
      // Stale (its process is gone): remove it and try again. (Not guarded: two processes taking over the
      // same stale lock in the same instant could both remove and link; starting two servers on one folder
      // at once, right after a crash.)
      rmSync(lockPath, { force: true });
    }
  } finally {
    rmSync(draft, { force: true });
  }
}
