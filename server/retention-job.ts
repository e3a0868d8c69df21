import type { Logger } from 'pino';
import { purgeTranscripts, type LedgerContext } from '../ledger/index.js';
import { errorForLog } from './logger.js';
import { bullConnectionOf } from './redis-connection.js';

/** How often the transcript purge runs. */
export const retentionIntervalMs = 24 * 3_600_000;

/** The id of the purge's BullMQ job scheduler: every instance registers the same one, so the fleet has one schedule. */
export const transcriptPurgeSchedulerId = 'transcript-purge';

/** Settings of the daily transcript purge (DESIGN §11, `TRANSCRIPT_RETENTION_DAYS`). */
export interface RetentionJobOptions {
  readonly ledger: LedgerContext;
  readonly retentionDays: number;
  readonly now: () => Date;
  readonly logger: Logger;
  /** With the fleet's Redis (REDIS_URL) the purge is one BullMQ schedule for every instance; without, a timer here. */
  readonly redisUrl?: string;
  /** BullMQ's key prefix in Redis (default "bull"). */
  readonly queuePrefix?: string;
}

/**
 * Purges transcript text older than the retention period once now and then daily; returns the function that stops it.
 * With a Redis URL it runs once a day for the whole fleet (see {@link scheduleRepeating}), not once per instance.
 */
export function scheduleTranscriptPurge(options: RetentionJobOptions, intervalMs = retentionIntervalMs): () => Promise<void> {
  const { logger, retentionDays } = options;
  return scheduleRepeating({
    id: transcriptPurgeSchedulerId,
    intervalMs,
    logger,
    ...(options.redisUrl ? { redisUrl: options.redisUrl } : {}),
    ...(options.queuePrefix ? { queuePrefix: options.queuePrefix } : {}),
    run: async () => {
      const purged = await purgeTranscripts(options.ledger, { now: options.now(), retentionDays });
      if (purged > 0) logger.info({ purged, retentionDays }, 'transcript text past retention purged');
    },
    onError: (error) => logger.error({ err: errorForLog(error) }, 'transcript purge failed'),
  });
}

/** A task the fleet runs once now and then every `intervalMs` (idempotent: a run that is retried does no harm). */
export interface RepeatingTask {
  /** Names the schedule (the same in every instance) and its BullMQ queue, `debtbot-<id>`. */
  readonly id: string;
  readonly intervalMs: number;
  readonly run: () => Promise<void>;
  /** Called with what a run threw (with Redis, once per attempt). */
  readonly onError: (error: unknown) => void;
  readonly logger: Logger;
  /** With a Redis URL the task is a BullMQ job scheduler shared by every instance on it; without, a timer here. */
  readonly redisUrl?: string;
  /** BullMQ's key prefix in Redis (default "bull"). */
  readonly queuePrefix?: string;
}

/** Runs of one period kept in Redis after they end, in BullMQ's completed and failed lists. */
const keptRuns = 10;

/**
 * Runs `task` once now and then every `intervalMs`; returns the function that stops this instance's part in it.
 *
 * Without Redis: a timer in this process. With Redis: a BullMQ job scheduler with a fixed id, registered by every
 * instance (`upsertJobScheduler`; periods are `intervalMs` slices of the epoch) and a worker in each. BullMQ names each
 * run after its period (`repeat:<id>:<start of the period>`), so a period has one run fleet-wide, on whichever worker
 * takes it. A run that ended stays listed for a while, so an instance that starts later in the period does not run it
 * again (registering can only bring the period's pending run forward to now). A run that fails is tried twice more
 * (after 1 and 2 minutes). Stopping leaves the schedule in Redis for the other instances.
 */
export function scheduleRepeating(task: RepeatingTask): () => Promise<void> {
  const { redisUrl } = task;
  if (!redisUrl) {
    const run = () => void task.run().catch(task.onError);
    run();
    const timer = setInterval(run, task.intervalMs);
    timer.unref();
    return async () => clearInterval(timer);
  }
  // BullMQ is loaded only with Redis. The queue and worker exist once the import resolves; registering the schedule
  // goes on in the background (a Redis that is down at start must not hold up the start or the stop).
  const started = import('bullmq').then(({ Queue, Worker }) => {
    const connection = bullConnectionOf(redisUrl);
    const prefix = task.queuePrefix ?? 'bull';
    const name = `debtbot-${task.id}`;
    const queue = new Queue(name, { connection, prefix });
    const worker = new Worker(name, () => task.run(), { connection, prefix, concurrency: 1 });
    worker.on('failed', (_job, error) => task.onError(error));
    queue.on('error', (error) => task.logger.warn({ err: errorForLog(error), task: task.id }, 'repeating task queue error'));
    worker.on('error', (error) => task.logger.warn({ err: errorForLog(error), task: task.id }, 'repeating task worker error'));
    queue
      .upsertJobScheduler(
        task.id,
        { every: task.intervalMs },
        {
          name: task.id,
          opts: {
            attempts: 3,
            backoff: { type: 'exponential', delay: 60_000 },
            removeOnComplete: { count: keptRuns },
            removeOnFail: { count: keptRuns },
          },
        },
      )
      .catch((error: unknown) => task.logger.error({ err: errorForLog(error), task: task.id }, 'repeating task not scheduled'));
    return { queue, worker };
  });
  return async () => {
    const { queue, worker } = await started;
    await worker.close();
    await queue.close();
  };
}
