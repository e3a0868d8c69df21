import { Queue, Worker } from 'bullmq';
import type { Logger } from 'pino';
import { errorForLog } from './logger.js';
import { bullConnectionOf } from './redis-connection.js';

/** The BullMQ queue of due outbound contacts: what the scheduler adds, and the worker that sends them. */
export interface OutboundQueue {
  /** Adds a due contact by its key; a key already waiting in the queue or being sent is not added twice. */
  add(key: string): Promise<void>;
  /** Stops this instance's worker (after the job it is running) and the queue's connections. */
  close(): Promise<void>;
}

/** The BullMQ queue name the contacts go through (one Redis can serve several instances of the same bot). */
export const outboundQueueName = 'debtbot-outbound';

/**
 * Runs the due contacts through BullMQ on the Redis at `redisUrl` (keys under `prefix`): `send(key)` is called by a worker (in this process,
 * and in every other instance on the same Redis) for each key added. The database stays the source of truth: the
 * worker claims the job there before sending, so a key delivered twice by the queue (a stalled worker, two instances)
 * is still sent once. A queue job that ends, sent or failed, is removed at once: a contact still due in the database is
 * added again by the next tick (a failed job kept under the contact's key would make BullMQ ignore every later add).
 */
export function makeOutboundQueue(redisUrl: string, send: (key: string) => Promise<void>, logger: Logger, prefix = 'bull'): OutboundQueue {
  const connection = bullConnectionOf(redisUrl);
  const queue = new Queue(outboundQueueName, {
    connection,
    prefix,
    defaultJobOptions: { removeOnComplete: true, removeOnFail: true, attempts: 3 },
  });
  const worker = new Worker(outboundQueueName, async (job) => send(String(job.data.key)), { connection, prefix, concurrency: 1 });
  worker.on('failed', (job, error) => logger.warn({ attempt: job?.attemptsMade, err: errorForLog(error) }, 'outbound queue job failed'));
  queue.on('error', (error) => logger.warn({ err: errorForLog(error) }, 'outbound queue error'));
  worker.on('error', (error) => logger.warn({ err: errorForLog(error) }, 'outbound worker error'));
  return {
    async add(key) {
      // The job id is the contact key: BullMQ keeps one job per id while it waits or runs.
      await queue.add('contact', { key }, { jobId: key.replaceAll(':', '_') });
    },
    async close() {
      await worker.close();
      await queue.close();
    },
  };
}
