import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { demoKey } from '@civicgraph/platform';

/** The CLI's bin, run with this Node as a newcomer's `npx civicgraph` runs it. */
export const CLI = path.join(path.dirname(require.resolve('@civicgraph/cli/package.json')), 'bin', 'civicgraph.js');

/** Whether a port is free on 127.0.0.1 now. */
const isFree = (port: number) =>
  new Promise<boolean>((resolve) => {
    const probe = createServer();
    probe.once('error', () => resolve(false));
    probe.listen(port, '127.0.0.1', () => probe.close(() => resolve(true)));
  });

/** A gateway port with the five after it free too, as `PORT=<port> npm start` needs. */
export async function freePortBlock(avoid: number[] = []): Promise<number> {
  for (;;) {
    const base = 20_000 + Math.floor(Math.random() * 30_000);
    const block = Array.from({ length: 6 }, (_, i) => base + i);
    if (block.some((p) => avoid.includes(p))) continue;
    if ((await Promise.all(block.map(isFree))).every(Boolean)) return base;
  }
}

export interface CivicGraphProcess {
  child: ChildProcess;
  port: number;
  dataDir: string;
  /** The API key `npm start` issued to scenario `code`'s demo application (`admin`: the demo administrator's). */
  demoKey(code: string): string;
  /** Everything it printed so far (the banner included). */
  output(): string;
  /** SIGTERM, wait for the exit, remove the data folder. */
  stop(): Promise<void>;
}

/**
 * `civicgraph start` in a child process, as a newcomer runs it: its own PORT and data folder, the rest of
 * the environment as given (the command too: the built CLI, say). Resolves once the banner says it is running.
 */
export function startCivicGraphProcess(
  port: number,
  env: Record<string, string | undefined> = {},
  { command = [process.execPath, CLI, 'start'] }: { command?: string[] } = {},
): Promise<CivicGraphProcess> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'civicgraph-instance-'));
  // A variable given as undefined is left out of the child's environment.
  const childEnv: NodeJS.ProcessEnv = { ...process.env, PORT: String(port), CIVICGRAPH_DATA_DIR: dataDir, LOG_LEVEL: 'warn', ...env };
  for (const [name, value] of Object.entries(childEnv)) if (value === undefined) delete childEnv[name];
  const child = spawn(command[0]!, command.slice(1), {
    env: childEnv,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    }
    rmSync(dataDir, { recursive: true, force: true });
  };
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`civicgraph start on port ${port} exited (${code}) before serving:\n${output}`)));
    const read = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('CivicGraph is running.')) resolve({ child, port, dataDir, demoKey: (code) => demoKey(dataDir, code), output: () => output, stop });
    };
    child.stdout!.on('data', read);
    child.stderr!.on('data', read);
  });
}
