import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { pathToFileURL } from 'node:url';
import { eventually } from '@civicgraph/platform';

interface Started {
  url: string;
  adminKey: string;
  apiKey: string | null;
  chains: { database: string; table: string; records: number; problem: string | null }[];
}

const FIXTURE = path.join(__dirname, 'killableCity.ts');

/** Starts the platform in a child process on `dataDir`; resolves with what it prints once it serves. */
function startChild(dataDir: string): Promise<{ child: ChildProcess; started: Started }> {
  // Node itself runs the platform (tsx as an import hook, not the tsx CLI, which would run it in a
  // grandchild): SIGKILL must reach the process that holds the databases.
  const tsx = pathToFileURL(path.join(path.dirname(require.resolve('tsx/package.json')), 'dist', 'loader.mjs')).href;
  const child = spawn(process.execPath, ['--import', tsx, FIXTURE, dataDir], { stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`the platform exited (${code}) before serving`)));
    createInterface({ input: child.stdout! }).once('line', (line) => resolve({ child, started: JSON.parse(line) as Started }));
  });
}

/**
 * The embedded shape (PGlite in a data folder, what `npm start` runs) killed with SIGKILL in the middle of
 * load: every response that reached a client has its audit records after the restart, every chain
 * verifies, and the platform serves again without manual repair.
 */
describe('killed with SIGKILL under load', () => {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'civicgraph-kill-'));
  let child: ChildProcess | undefined;
  afterAll(() => {
    child?.kill('SIGKILL');
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('loses no record of a delivered response, and recovers by itself', async () => {
    const first = await startChild(dataDir);
    child = first.child;
    const apiKey = first.started.apiKey!;
    const profile = async (url: string) => {
      const r = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${apiKey}` },
        body: JSON.stringify({ query: `{ people(first: 3) { nodes { name residenceAddress { fullText } licenses { name } } } }` }),
      });
      return { status: r.status, requestId: r.headers.get('x-request-id')!, body: (await r.json()) as { data?: unknown } };
    };

    // Eight clients back to back; once 40 responses have been delivered, the process is killed outright.
    const delivered: string[] = [];
    let loading = true;
    const clients = Array.from({ length: 8 }, async () => {
      while (loading) {
        try {
          const r = await profile(first.started.url);
          if (r.status === 200 && r.body.data) delivered.push(r.requestId);
        } catch {
          // Connections cut by the kill: those responses were never delivered.
        }
      }
    });
    await eventually(120_000, async () => delivered.length >= 40);
    const exited = new Promise((resolve) => first.child.once('exit', resolve));
    first.child.kill('SIGKILL');
    await exited;
    loading = false;
    await Promise.all(clients);
    const deliveredIds = [...delivered];

    const second = await startChild(dataDir);
    child = second.child;
    // Every chain verifies after the crash…
    expect(second.started.chains.filter((c) => c.problem)).toEqual([]);
    expect(second.started.chains.find((c) => c.table === 'audit_request')!.records).toBeGreaterThanOrEqual(deliveredIds.length);
    // …every delivered response has its request record and its owners' disclosure records…
    const admin = (query: string, variables: Record<string, unknown>) =>
      fetch(second.started.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${second.started.adminKey}` },
        body: JSON.stringify({ query, variables }),
      }).then((r) => r.json() as Promise<{ data: Record<string, { nodes: unknown[] }> }>);
    for (const requestId of deliveredIds) {
      const { data } = await admin(
        `query($id: String!) { auditRequests(filter: { requestId: $id }) { nodes { records } } populationDisclosures(filter: { requestId: $id }) { nodes { entityType entityKeys } } }`,
        { id: requestId },
      );
      expect(data.auditRequests!.nodes).toEqual([{ records: expect.any(Number) }]);
      // The three people, read alike: one record naming three.
      expect(data.populationDisclosures!.nodes).toEqual([{ entityType: 'Person', entityKeys: [expect.any(String), expect.any(String), expect.any(String)] }]);
    }
    // …and the restarted platform serves and logs as before.
    const after = await profile(second.started.url);
    expect(after.status).toBe(200);
  });
});
