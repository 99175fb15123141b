import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, openSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { subgraphSdl } from '@civicgraph/schema';
import { BASE_SUBGRAPHS, type BaseSubgraphName } from './textbookSubgraphs';

/**
 * The Grafbase gateway (Rust), an anchor for the gateway process's CPU per request. Its binary ships in an
 * npm package, fetched into the repository's cache on first use: `npm install` and `npm test` never need it.
 */
const GRAFBASE_PACKAGE = '@grafbase/cli-x86_64-unknown-linux-musl';
const GRAFBASE_VERSION = '0.103.0';
const CACHE_DIR = path.join(__dirname, '..', '..', '..', 'node_modules', '.cache', 'civicgraph', 'grafbase', GRAFBASE_VERSION);

/** The Grafbase binary, fetched with `npm pack` if it is not in the cache; null where it does not run (not Linux x64). */
export function grafbaseBinary(): string | null {
  if (process.platform !== 'linux' || process.arch !== 'x64') return null;
  const binary = path.join(CACHE_DIR, 'package', 'grafbase');
  if (existsSync(binary)) return binary;
  mkdirSync(CACHE_DIR, { recursive: true });
  execFileSync('npm', ['pack', `${GRAFBASE_PACKAGE}@${GRAFBASE_VERSION}`, '--pack-destination', CACHE_DIR, '--silent'], {
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const tarball = readdirSync(CACHE_DIR).find((file) => file.endsWith('.tgz'));
  if (!tarball) throw new Error(`npm pack ${GRAFBASE_PACKAGE} left no tarball in ${CACHE_DIR}`);
  execFileSync('tar', ['xzf', path.join(CACHE_DIR, tarball), '-C', CACHE_DIR]);
  rmSync(path.join(CACHE_DIR, tarball));
  return binary;
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/**
 * Grafbase composing the four base subgraphs' SDL (the files the textbook gateway's supergraph is composed
 * from) and serving them from the URLs given, in a process of its own whose CPU is read from /proc.
 */
export async function startGrafbaseGateway(
  binary: string,
  subgraphUrls: Record<BaseSubgraphName, string>,
): Promise<{ url: string; pid: number; stop(): Promise<void> }> {
  const folder = mkdtempSync(path.join(os.tmpdir(), 'civicgraph-grafbase-'));
  const config = BASE_SUBGRAPHS.map((name) => {
    const schemaPath = path.join(folder, `${name}.graphql`);
    writeFileSync(schemaPath, subgraphSdl(name));
    return `[subgraphs.${name}]\nurl = ${JSON.stringify(subgraphUrls[name])}\nschema_path = ${JSON.stringify(schemaPath)}\n`;
  }).join('\n');
  writeFileSync(path.join(folder, 'grafbase.toml'), config);
  const port = await freePort();
  const log = openSync(path.join(folder, 'grafbase.log'), 'a');
  const child = spawn(binary, ['dev', '-c', path.join(folder, 'grafbase.toml'), '-p', String(port)], { cwd: folder, stdio: ['ignore', log, log] });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async () => {
    child.kill('SIGTERM');
    await exited;
    rmSync(folder, { recursive: true, force: true });
  };
  const url = `http://127.0.0.1:${port}/graphql`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    try {
      const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"query":"{ __typename }"}' });
      if (response.ok) break;
    } catch {
      // not listening yet
    }
    if (child.exitCode !== null || Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`Grafbase did not start (see its log in ${folder})`);
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return { url, pid: child.pid!, stop };
}
