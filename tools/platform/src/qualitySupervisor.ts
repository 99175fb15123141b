import { Cron } from 'croner';
import { issueQualitySupervisorKey, recordQualityRun, requestQualityRun } from '@civicgraph/governance-subgraph';
import { PrismaClient as GovernanceClient } from '@civicgraph/prisma/governance';
import { createPlatformClient, PlatformReadError, runQuality, type QualityProgress } from '@civicgraph/quality';
import type { Logger } from '@civicgraph/server';
import type { PlatformDatabases } from './cityDatabases';

export interface QualitySupervisorOptions {
  dbs: PlatformDatabases;
  /** The gateway's GraphQL endpoint: the cross-database rules read the other owners through it. */
  gatewayUrl: string;
  logger: Logger;
  /** When runs are requested on their own: a cron pattern in Asia/Shanghai time (default 02:00 daily); null for none. */
  schedule?: string | null;
  /** How often requested runs are looked for, ms. Default 2,000. */
  pollMs?: number;
  /** The instant each run checks the data as of. Default: when it starts. */
  asOf?: () => Date;
  /** The clock of issues' dates and deadlines. Default: the system clock. */
  now?: () => Date;
}

export const DEFAULT_QUALITY_SCHEDULE = '0 2 * * *';

/** A run still RUNNING this long after it started is taken for abandoned (a million residents take minutes). */
const ABANDONED_AFTER_HOURS = 6;

/**
 * The platform's quality supervisor: claims requested runs (from the admin API, the CLI or its own
 * schedule) one at a time, applies the rules — each owner's in its own database, the cross-database ones
 * through the gateway — and keeps the results and the issues they imply in the governance database.
 * Several supervisors may run: a run is claimed by one (`FOR UPDATE SKIP LOCKED`).
 */
export async function startQualitySupervisor(options: QualitySupervisorOptions): Promise<{ stop(): Promise<void> }> {
  const { dbs, logger } = options;
  const governance = new GovernanceClient({ adapter: dbs.governance.adapter });
  const apiKey = await issueQualitySupervisorKey(governance);
  const platform = createPlatformClient(options.gatewayUrl, apiKey);
  // Stopping aborts a run between its statements and pages; the run is marked failed, to be requested again.
  const stopping = new AbortController();
  let working: Promise<void> | null = null;

  async function claim(): Promise<string | null> {
    // A run whose supervisor died with it would otherwise hold the queue for good.
    await dbs.governance.query(
      `UPDATE quality_run SET status = 'FAILED', finished_at = now(), failure = 'Abandoned: its supervisor stopped before it finished'
        WHERE status = 'RUNNING' AND started_at < now() - interval '${ABANDONED_AFTER_HOURS} hours'`,
    );
    const [row] = await dbs.governance.query<{ id: string }>(
      `UPDATE quality_run SET status = 'RUNNING', started_at = now()
        WHERE id = (SELECT id FROM quality_run WHERE status = 'REQUESTED' ORDER BY requested_at LIMIT 1 FOR UPDATE SKIP LOCKED)
        RETURNING id`,
    );
    return row?.id ?? null;
  }

  async function carryOut(runId: string): Promise<void> {
    let lastWrite = 0;
    const progress = (p: QualityProgress) => {
      if (Date.now() - lastWrite < 500) return;
      lastWrite = Date.now();
      void governance.qualityRun.update({ where: { id: runId }, data: { progress: p } }).catch(() => {});
    };
    logger.info({ runId }, 'quality run started');
    try {
      const result = await runQuality({ databases: dbs, platform, asOf: options.asOf?.(), onProgress: progress, signal: stopping.signal });
      await recordQualityRun(governance, runId, result, options.now?.());
      const failed = result.outcomes.reduce((n, o) => n + (o.failing.length ? 1 : 0), 0);
      logger.info({ runId, rules: result.outcomes.length, failingRules: failed }, 'quality run finished');
    } catch (error) {
      logger.error({ runId, err: error }, 'quality run failed');
      const failure =
        error instanceof PlatformReadError
          ? error.message
          : stopping.signal.aborted
            ? 'Stopped with its supervisor; request it again'
            : `The run stopped on an internal error; the supervisor's log has it under run ${runId}`;
      await governance.qualityRun.update({ where: { id: runId }, data: { status: 'FAILED', finishedAt: new Date(), failure } }).catch(() => {});
    }
  }

  async function poll(): Promise<void> {
    while (!stopping.signal.aborted) {
      const runId = await claim();
      if (!runId) return;
      await carryOut(runId);
    }
  }

  const timer = setInterval(() => {
    // One look at a time: a long run is not queued behind by every tick it spans.
    working ??= poll()
      .catch((error) => logger.error({ err: error }, 'quality supervisor could not look for runs'))
      .finally(() => (working = null));
  }, options.pollMs ?? 2_000);
  timer.unref();

  const schedule = options.schedule === undefined ? DEFAULT_QUALITY_SCHEDULE : options.schedule;
  const cron = schedule
    ? new Cron(schedule, { timezone: 'Asia/Shanghai', protect: true }, async () => {
        try {
          await requestQualityRun(governance, { trigger: 'SCHEDULE' });
        } catch (error) {
          logger.error({ err: error }, 'quality supervisor could not request its scheduled run');
        }
      })
    : null;

  return {
    async stop() {
      stopping.abort();
      clearInterval(timer);
      cron?.stop();
      await working;
    },
  };
}
