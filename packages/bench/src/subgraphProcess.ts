/**
 * The subgraphs in a process of their own, as in production: the benchmark's gateways run in its main
 * process and reach these over HTTP, so the CPU each side spends per request is measured apart.
 *
 * Three sets over the same databases, each subgraph on its own port: governed (production behaviour),
 * audit off, and governance off (the plain gateway's too). The parent drives this file through Node's IPC
 * channel: `start` → `started` with the URLs; `probe` → statements run and audit batch totals; `stop`.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { createPublicKey } from 'node:crypto';
import { closeCityDatabases, createSubgraphs, openCityDatabases, type PlatformDatabases } from '@civicgraph/platform';
import type { DatabaseName } from '@civicgraph/prisma';
import { SUBGRAPH_NAMES, type SubgraphName } from '@civicgraph/schema';
import { createLogger } from '@civicgraph/server';
import { serveSubgraph } from '@civicgraph/subgraph-kit';
import { auditBatchTotals, type AuditBatchTotals } from '@civicgraph/observability';
import { processCpu } from './processCpu';

export const SUBGRAPH_SETS = ['governed', 'unaudited', 'ungoverned'] as const;
export type SubgraphSet = (typeof SUBGRAPH_SETS)[number];
type SubgraphUrls = Record<SubgraphName, string>;

interface StartMessage {
  type: 'start';
  urls: Record<DatabaseName, string>;
  contextPublicKeyPem: string;
  poolSize: number;
}
type ParentMessage = StartMessage | { type: 'probe'; id: number } | { type: 'stop' };
type ChildMessage =
  | { type: 'started'; sets: Record<SubgraphSet, SubgraphUrls> }
  | { type: 'probe'; id: number; statements: number; auditBatches: AuditBatchTotals }
  | { type: 'failed'; message: string };

export interface SubgraphProcess {
  sets: Record<SubgraphSet, SubgraphUrls>;
  /** CPU ms the subgraph process has used so far. */
  cpuMs(): number;
  probe(): Promise<{ statements: number; auditBatches: AuditBatchTotals }>;
  stop(): Promise<void>;
}

/** Forks the subgraph process (with this process's loader flags, so TypeScript runs as here) and waits until it serves. */
export async function startSubgraphProcess(options: Omit<StartMessage, 'type'>): Promise<SubgraphProcess> {
  const child = fork(__filename, ['--serve'], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const exited = new Promise<never>((_, reject) => child.once('exit', (code) => reject(new Error(`the subgraph process exited (${code})`))));
  exited.catch(() => undefined);
  const next = <T extends ChildMessage['type']>(type: T, match: (m: ChildMessage) => boolean = () => true) =>
    Promise.race([
      exited,
      new Promise<Extract<ChildMessage, { type: T }>>((resolve, reject) => {
        const listen = (m: ChildMessage) => {
          if (m.type === 'failed') reject(new Error(`the subgraph process failed: ${m.message}`));
          else if (m.type === type && match(m)) resolve(m as Extract<ChildMessage, { type: T }>);
          else return;
          child.off('message', listen);
        };
        child.on('message', listen);
      }),
    ]);
  const send = (m: ParentMessage) => child.send(m);
  send({ type: 'start', ...options });
  const { sets } = await next('started');
  let probes = 0;
  return {
    sets,
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
  if (child.exitCode !== null) return;
  const exit = new Promise((resolve) => child.once('exit', resolve));
  send({ type: 'stop' });
  await exit;
}

/** The child's side. */
async function serve() {
  const logger = createLogger({ name: 'bench-subgraphs', level: 'silent' });
  let dbs: PlatformDatabases | undefined;
  const servers: { close(): Promise<void> }[] = [];
  const reply = (m: ChildMessage) => process.send!(m);
  process.on('message', async (m: ParentMessage) => {
    try {
      if (m.type === 'start') {
        dbs = await openCityDatabases({ urls: m.urls, poolSize: m.poolSize });
        const contextKey = createPublicKey(m.contextPublicKeyPem);
        const settings = {
          governed: {},
          unaudited: { audit: 'off' },
          ungoverned: { enforcement: 'off-for-benchmark', audit: 'off' },
        } as const;
        const sets = {} as Record<SubgraphSet, SubgraphUrls>;
        for (const set of SUBGRAPH_SETS) {
          const subgraphs = createSubgraphs(dbs, contextKey, settings[set]);
          sets[set] = {} as SubgraphUrls;
          for (const name of SUBGRAPH_NAMES) {
            const server = await serveSubgraph(subgraphs[name], { port: 0, logger: logger.child({ subgraph: name, set }) });
            servers.push(server);
            sets[set][name] = `${server.url}/graphql`;
          }
        }
        reply({ type: 'started', sets });
      } else if (m.type === 'probe') {
        const statements = Object.values(dbs ?? {}).reduce((n, db) => n + db.statements.count, 0);
        reply({ type: 'probe', id: m.id, statements, auditBatches: await auditBatchTotals() });
      } else {
        for (const server of servers.reverse()) await server.close();
        if (dbs) await closeCityDatabases(dbs);
        process.disconnect();
        process.exit(0);
      }
    } catch (error) {
      reply({ type: 'failed', message: error instanceof Error ? error.message : String(error) });
    }
  });
  // Orphaned (the benchmark was killed): leave rather than hold the databases open.
  process.on('disconnect', () => process.exit(1));
}

if (process.argv.includes('--serve') && process.send) void serve();
