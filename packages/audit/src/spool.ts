import { mkdirSync, openSync, closeSync, readFileSync, renameSync, writeFileSync, fsyncSync } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import path from 'node:path';

/**
 * A record's values. A date is written as ISO text (JSON's own form for it), which is also how the chain hashes
 * a date, so a record read back after a restart hashes as it would have.
 */
export type SpooledRow = readonly (string | number | boolean | null | Date | readonly string[])[];

/**
 * A local, append-only, durable queue of audit records (one JSON array per line) for while the log's database
 * cannot be written. An append resolves once its lines are fsynced; the records stay in memory too, in order,
 * until `replay` has written them to the chain.
 */
export interface Spool {
  readonly file: string;
  /** Records waiting. */
  readonly size: number;
  append(rows: readonly SpooledRow[]): Promise<void>;
  /**
   * Writes the waiting records to the chain in order, `chunk` per call of `write`; what was written leaves the
   * spool at once (the file is rewritten with the rest). Throws the first failure, keeping what is left.
   */
  replay(write: (rows: SpooledRow[]) => Promise<void>, chunk?: number): Promise<void>;
  close(): Promise<void>;
}

/** Rewrites `file` with `rows`, atomically: a crash leaves the old file or the new one. */
function rewrite(file: string, rows: readonly SpooledRow[]): void {
  const temporary = `${file}.tmp`;
  writeFileSync(temporary, rows.map((row) => `${JSON.stringify(row)}\n`).join(''));
  const fd = openSync(temporary, 'r+');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(temporary, file);
}

/**
 * Opens (or creates) the spool in `file`, reading what a previous process left in it. A last line cut short by a
 * crash is dropped: its append never resolved, so no response waited on it was released.
 */
export function openSpool(file: string): Spool {
  mkdirSync(path.dirname(file), { recursive: true });
  let text = '';
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  const pending: SpooledRow[] = [];
  const lines = text.split('\n').filter(Boolean);
  for (const [index, line] of lines.entries()) {
    try {
      pending.push(JSON.parse(line) as SpooledRow);
    } catch (error) {
      if (index < lines.length - 1) throw new Error(`audit spool ${file}: line ${index + 1} is not a record`, { cause: error });
    }
  }
  if (!text.endsWith('\n') && text) rewrite(file, pending);
  let handle: FileHandle | null = null;
  const handleOf = async () => (handle ??= await open(file, 'a'));

  return {
    file,
    get size() {
      return pending.length;
    },
    async append(rows) {
      if (!rows.length) return;
      const h = await handleOf();
      await h.appendFile(rows.map((row) => `${JSON.stringify(row)}\n`).join(''));
      await h.datasync();
      pending.push(...rows);
    },
    async replay(write, chunk = 500) {
      while (pending.length) {
        const rows = pending.slice(0, chunk);
        await write(rows);
        // The file first, then what `size` reports: once it says 0, the file holds nothing either. (A crash
        // between the chain's commit and this rewrite replays those records again at the next start.)
        await handle?.close();
        handle = null;
        rewrite(file, pending.slice(rows.length));
        pending.splice(0, rows.length);
      }
    },
    async close() {
      await handle?.close();
      handle = null;
    },
  };
}
