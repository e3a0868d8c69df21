import { collectionTotals } from '../store/collection-total-rows.js';
import type { LedgerContext } from './context.js';

/** Money recovered per currency (payments not reversed, minor units) and promises by outcome: what the metrics show. */
export function collectionMetrics(context: LedgerContext): ReturnType<typeof collectionTotals> {
  return collectionTotals(context.sql);
}
