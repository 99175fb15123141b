/**
 * The subgraphs in processes of their own, one per subgraph, as in production (each department runs its
 * own): the benchmark's gateways run in its main process and reach these over HTTP, so the CPU each side
 * spends per request is measured apart, and no subgraph waits for another's event loop.
 *
 * Each base subgraph's process serves it twice over the same database, each on its own port: governed (what
 * is served) and the textbook baseline's stock Apollo subgraph (see textbookSubgraphs.ts). Governance, which
 * the benchmark's queries never reach, is served governed only. The parent drives each
 * process through Node's IPC channel: `start` → `started` with the URLs; `probe` → statements run and audit
 * batch totals; `stop`.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { createPublicKey } from 'node:crypto';
import { openDatabase, type Database } from '@civicgraph/db';
import { createSubgraph } from '@civicgraph/platform';
import { contextBindingKeysFromText } from '@civicgraph/policy';
import { BASE_SUBGRAPHS, startTextbookSubgraph, type BaseSubgraphName } from './textbookSubgraphs';
import type { DatabaseName } from '@civicgraph/prisma';
import { SUBGRAPH_NAMES, type SubgraphName } from '@civicgraph/schema';
import { createLogger } from '@civicgraph/server';
import { serveSubgraph } from '@civicgraph/subgraph-kit';
import { auditBatchTotals, type AuditBatchTotals } from '@civicgraph/observability';
import { mergeAuditBatchTotals } from './auditBatches';
import { processCpu } from './processCpu';

export const SUBGRAPH_SETS = ['governed', 'textbook'] as const;
export type SubgraphSet = (typeof SUBGRAPH_SETS)[number];
type SubgraphUrls = Record<SubgraphName, string>;

interface StartMessage {
  type: 'start';
  subgraph: SubgraphName;
  url: string;
  contextPublicKeyPem: string;
  /** The subgraph's context-binding key, base64url. */
  bindingKey: string;
  poolSize: number;
}
type ParentMessage = StartMessage | { type: 'probe'; id: number } | { type: 'stop' };
type ChildMessage =
  | { type: 'started'; urls: Record<SubgraphSet, string> }
  | { type: 'probe'; id: number; statements: number; auditBatches: AuditBatchTotals }
  | { type: 'failed'; message: string };

export interface SubgraphProcesses {
  sets: Record<SubgraphSet, SubgraphUrls>;
  /** CPU ms the subgraph processes have used so far, together. */
  cpuMs(): number;
  /** Statements run and audit batch totals, over every subgraph process. */
  probe(): Promise<{ statements: number; auditBatches: AuditBatchTotals }>;
  stop(): Promise<void>;
}

/** One subgraph's process: its URL per set, probed and stopped like the whole. */
interface SubgraphProcess extends Omit<SubgraphProcesses, 'sets'> {
  urls: Record<SubgraphSet, string>;
}

/** Forks a process per subgraph and waits until every one serves. */
export async function startSubgraphProcesses(options: {
  urls: Record<DatabaseName, string>;
  contextPublicKeyPem: string;
  bindingKeyOf: (subgraph: SubgraphName) => string;
  poolSize: number;
}): Promise<SubgraphProcesses> {
  const started = await Promise.allSettled(
    SUBGRAPH_NAMES.map((subgraph) =>
      startSubgraphProcess({
        subgraph,
        url: options.urls[subgraph],
        contextPublicKeyPem: options.contextPublicKeyPem,
        bindingKey: options.bindingKeyOf(subgraph),
        poolSize: options.poolSize,
      }),
    ),
  );
  const processes = started.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : []));
  const failed = started.find((s): s is PromiseRejectedResult => s.status === 'rejected');
  if (failed) {
    await Promise.all(processes.map((p) => p.stop()));
    throw failed.reason;
  }
  const sets = Object.fromEntries(
    SUBGRAPH_SETS.map((set) => [set, Object.fromEntries(SUBGRAPH_NAMES.map((name, i) => [name, processes[i]!.urls[set]]))]),
  ) as Record<SubgraphSet, SubgraphUrls>;
  return {
    sets,
    cpuMs: () => processes.reduce((total, p) => total + p.cpuMs(), 0),
    async probe() {
      const probes = await Promise.all(processes.map((p) => p.probe()));
      return {
        statements: probes.reduce((total, p) => total + p.statements, 0),
        auditBatches: mergeAuditBatchTotals(...probes.map((p) => p.auditBatches)),
      };
    },
    async stop() {
      await Promise.all(processes.map((p) => p.stop()));
    },
  };
}

/** Forks one subgraph's process (with this process's loader flags, so TypeScript runs as here) and waits until it serves. */
async function startSubgraphProcess(options: Omit<StartMessage, 'type'>): Promise<SubgraphProcess> {
  const child = fork(__filename, ['--serve'], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const exited = new Promise<never>((_, reject) =>
    child.once('exit', (code) => reject(new Error(`the ${options.subgraph} subgraph process exited (${code})`))),
  );
  exited.catch(() => undefined);
  const next = <T extends ChildMessage['type']>(type: T, match: (m: ChildMessage) => boolean = () => true) =>
    Promise.race([
      exited,
      new Promise<Extract<ChildMessage, { type: T }>>((resolve, reject) => {
        const listen = (m: ChildMessage) => {
          if (m.type === 'failed') reject(new Error(`the ${options.subgraph} subgraph process failed: ${m.message}`));
          else if (m.type === type && match(m)) resolve(m as Extract<ChildMessage, { type: T }>);
          else return;
          child.off('message', listen);
        };
        child.on('message', listen);
      }),
    ]);
  const send = (m: ParentMessage) => child.send(m);
  send({ type: 'start', ...options });
  let urls: Record<SubgraphSet, string>;
  try {
    ({ urls } = await next('started'));
  } catch (error) {
    await stopChild(child, send);
    throw error;
  }
  let probes = 0;
  return {
    urls,
    cpuMs: processCpu(child.pid!),
    async probe() {
      const id = ++probes;
      send({ type: 'probe', id });
      const { statements, auditBatches } = await next('probe', (m) => m.type === 'probe' && m.id === id);
      return { statements, auditBatches };
    },
    stop: () => stopChild(child, send),
  };
}

async function stopChild(child: ChildProcess, send: (m: ParentMessage) => void) {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exit = new Promise((resolve) => child.once('exit', resolve));
  send({ type: 'stop' });
  await exit;
}

/** The child's side. */
async function serve() {
  let db: Database | undefined;
  const servers: { close(): Promise<void> }[] = [];
  const reply = (m: ChildMessage) => process.send!(m);
  process.on('message', async (m: ParentMessage) => {
    try {
      if (m.type === 'start') {
        const logger = createLogger({ name: 'bench-subgraph', level: 'silent' });
        db = await openDatabase({ name: m.subgraph, url: m.url, poolSize: m.poolSize });
        const trust = { publicKeys: [createPublicKey(m.contextPublicKeyPem)], bindingKeys: contextBindingKeysFromText(m.bindingKey) };
        const governed = await serveSubgraph(createSubgraph(m.subgraph, db, trust), { port: 0, logger: logger.child({ subgraph: m.subgraph }) });
        servers.push(governed);
        const urls: Record<SubgraphSet, string> = { governed: `${governed.url}/graphql`, textbook: `${governed.url}/graphql` };
        if ((BASE_SUBGRAPHS as readonly string[]).includes(m.subgraph)) {
          const textbook = await startTextbookSubgraph(m.subgraph as BaseSubgraphName, db);
          servers.push(textbook);
          urls.textbook = textbook.url;
        }
        reply({ type: 'started', urls });
      } else if (m.type === 'probe') {
        reply({ type: 'probe', id: m.id, statements: db?.statements.count ?? 0, auditBatches: await auditBatchTotals() });
      } else {
        for (const server of servers.reverse()) await server.close();
        await db?.close();
        process.disconnect();
        process.exit(0);
      }
    } catch (error) {
      reply({ type: 'failed', message: error instanceof Error ? error.message : String(error) });
    }
  });
  // Orphaned (the benchmark was killed): leave rather than hold the database open.
  process.on('disconnect', () => process.exit(1));
}

if (process.argv.includes('--serve') && process.send) void serve();
