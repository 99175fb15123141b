import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DataDirInUseError, openDatabase } from '../index';

describe('embedded data folder lock', () => {
  let root: string;
  let dataDir: string;
  beforeEach(() => {
    root = mkdtempSync(path.join(os.tmpdir(), 'civicgraph-lock-'));
    dataDir = path.join(root, 'population');
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('refuses a second open of a folder that is open, and allows it once closed', async () => {
    const first = await openDatabase({ name: 'population', dataDir });
    await expect(openDatabase({ name: 'population', dataDir })).rejects.toThrow(DataDirInUseError);
    await expect(openDatabase({ name: 'population', dataDir })).rejects.toThrow(/is open in this process already .*stop it first/);
    await first.close();
    expect(existsSync(`${dataDir}.lock`)).toBe(false);
    const again = await openDatabase({ name: 'population', dataDir });
    expect(await again.query<{ one: number }>('SELECT 1 AS one')).toEqual([{ one: 1 }]);
    await again.close();
  });

  it('names the other process that holds it', async () => {
    // A process that is alive for the whole test: this test's parent (jest), as the holder.
    writeFileSync(`${dataDir}.lock`, `${process.ppid}\n`);
    await expect(openDatabase({ name: 'population', dataDir })).rejects.toThrow(`is open in process ${process.ppid}`);
    expect(existsSync(`${dataDir}.lock`)).toBe(true);
  });

  it('takes over the lock of a process that no longer runs (killed)', async () => {
    const gone = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
    writeFileSync(`${dataDir}.lock`, `${gone.stdout}\n`);
    const db = await openDatabase({ name: 'population', dataDir });
    await db.close();
    expect(existsSync(`${dataDir}.lock`)).toBe(false);
  });

  it('leaves in-memory databases alone', async () => {
    const [a, b] = await Promise.all([openDatabase({ name: 'a' }), openDatabase({ name: 'b', dataDir: 'memory://' })]);
    await Promise.all([a.close(), b.close()]);
  });
});
