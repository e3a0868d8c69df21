import type { LedgerContext } from '../ledger/index.js';
import type { Recognizer } from '../nlu/types.js';
import type { Language } from './messages/index.js';

/** Counters the dialogs report (the bot exports them as Prometheus metrics). */
export interface DialogMetrics {
  agreementRecorded(kind: 'plan' | 'settlement' | 'promise'): void;
  handoffRequested(reason: string): void;
}

/** Everything the dialogs need from outside, injected once at start-up. */
export interface DialogServices {
  readonly ledger: LedgerContext;
  readonly recognizer: Recognizer;
  /** The clock. */
  readonly now: () => Date;
  /** The lender's name, as the bot introduces itself. */
  readonly lenderName: string;
  /** How to pay, per country (the debtor's, or null before verification) and language. */
  readonly paymentMethods: (country: string | null, language: Language) => readonly string[];
  readonly metrics: DialogMetrics;
  /** How long verification lasts: minutes of inactivity for a session, days a channel link allows a date-of-birth-only check. */
  readonly verificationTtl: { readonly sessionMinutes: number; readonly linkDays: number };
  /** The reminder scheduler runs (OUTBOUND_ENABLED): confirmations may say reminders will come. */
  readonly remindersOn?: boolean;
}
