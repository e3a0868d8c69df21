import type { Logger } from 'pino';
import { purgeTranscripts, type LedgerContext } from '../ledger/index.js';
import { errorForLog } from './logger.js';

/** How often the transcript purge runs. */
export const retentionIntervalMs = 24 * 3_600_000;

/** Settings of the daily transcript purge (DESIGN §11, `TRANSCRIPT_RETENTION_DAYS`). */
export interface RetentionJobOptions {
  readonly ledger: LedgerContext;
  readonly retentionDays: number;
  readonly now: () => Date;
  readonly logger: Logger;
}

/** Purges transcript text older than the retention period once now and then daily; returns the function that stops it. */
export function scheduleTranscriptPurge(options: RetentionJobOptions, intervalMs = retentionIntervalMs): () => void {
  const run = () => {
    purgeTranscripts(options.ledger, { now: options.now(), retentionDays: options.retentionDays })
      .then((purged) => {
        if (purged > 0) options.logger.info({ purged, retentionDays: options.retentionDays }, 'transcript text past retention purged');
      })
      .catch((error: unknown) => options.logger.error({ err: errorForLog(error) }, 'transcript purge failed'));
  };
  run();
  const timer = setInterval(run, intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
