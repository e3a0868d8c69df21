/** The ledger: the single source of truth (DESIGN §3). Other folders import from here. */
export * from './money/index.js';
export * from './policy/index.js';
export * from './service/index.js';
export * from './outbound/index.js';
export { readChannelAuth, writeChannelAuth, clearChannelAuth } from './service/channel-auth.js';
export { whatsAppCloudChannel } from './store/outbound-rows.js';
export { CodedError, LedgerError, IdempotencyConflictError, NotFoundError } from './errors.js';
export { openLedgerDatabase, defaultDatabaseUrl, type LedgerDatabase } from './db/open-database.js';
export { claimSingleInstance, AnotherInstanceError, type InstanceLock } from './db/instance-lock.js';
export type { SqlRunner, SqlStatement } from './db/sql-runner.js';
export { importPortfolio, type ImportSummary } from './import/index.js';
export { writeSyntheticPortfolio } from './import/generate-portfolio.js';
export { stateStoreOf, StateConflictError, type StateRecord, type StateStore } from './store/state-store.js';
export { ledgerContextOf, isDatabaseReachable, hasDebtors, warmUpPrisma } from './service/database.js';
export type { Actor } from './store/audit.js';
export { maskIdentityData, maskInboundText } from './privacy/mask.js';
export {
  exportDebtor,
  eraseDebtor,
  purgeTranscripts,
  TRANSCRIPT_RETENTION_DAYS_DEFAULT,
  type DebtorExport,
  type ErasureSummary,
  type PurgeOptions,
} from './privacy/index.js';
export * from './reports/index.js';
