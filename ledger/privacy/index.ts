/** Privacy (DESIGN §11): masking on write, access (export), erasure and transcript retention. */
export { maskIdentityData } from './mask.js';
export { exportDebtor, DEBTOR_EXPORT_FORMAT, type DebtorExport } from './export-debtor.js';
export { eraseDebtor, type ErasureSummary, type ErasureCounts } from './erase-debtor.js';
export { purgeTranscripts, TRANSCRIPT_RETENTION_DAYS_DEFAULT, type PurgeOptions } from './purge-transcripts.js';
export { ERASED_TEXT, PURGED_TEXT, PSEUDONYM_PREFIX, pseudonymFor } from './markers.js';
export type { JsonValue } from './plain-json.js';
