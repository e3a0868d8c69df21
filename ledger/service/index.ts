/** The ledger service: records what was agreed, each change in one transaction with its audit event. */
export type { LedgerContext } from './context.js';
export * from './records.js';
export * from './agreements.js';
export * from './promises.js';
export * from './payments.js';
export * from './disputes.js';
export * from './verification.js';
export * from './accounts.js';
export * from './contact.js';
export * from './contact-gate.js';
export * from './payment-claims.js';
export * from './conversation-mode.js';
export * from './conversations.js';
export * from './handoffs.js';
export * from './agents.js';
export * from './conversation-detail.js';
export * from './turn-journal.js';
export * from './outbound-plan.js';
