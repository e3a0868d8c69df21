import type { CurrencyCode, LedgerContext, PaymentPurpose } from '../ledger/index.js';
import type { Recognizer } from '../nlu/types.js';
import type { Language } from './messages/index.js';

/** Counters the dialogs report (the bot exports them as Prometheus metrics). */
export interface DialogMetrics {
  agreementRecorded(kind: 'plan' | 'settlement' | 'promise'): void;
  handoffRequested(reason: string): void;
}

/** What the bot asks for when it offers to pay now: the ledger decides the amount from the account and the purpose. */
export interface PayNowRequest {
  readonly accountId: string;
  readonly purpose: PaymentPurpose;
  /** For purpose "promise": the promise just recorded. */
  readonly promiseId?: string;
  /** The debtor's country: it chooses the provider. */
  readonly country: string;
  /** The conversation asking: the receipt comes back here while it is verified. */
  readonly conversationId: string | null;
  /** One link per agreed amount: the same key gives the same link. */
  readonly idempotencyKey: string;
  /** Also render the link as a QR code (the web chat shows it). */
  readonly withQr: boolean;
}

/** A way to pay exactly the agreed amount. */
export interface PayNowOffer {
  readonly amountMinor: number;
  readonly currency: CurrencyCode;
  /** The hosted checkout (Mercado Pago, Stripe) or the demo's local simulator; null when only a bank transfer is on. */
  readonly url: string | null;
  /** The reference to quote on a bank transfer (always available), e.g. "P-7K3M9Q2A". */
  readonly bankReference: string;
  /** Where to transfer, as the operator configured it for the country (BANK_TRANSFER_DETAILS); null when not set. */
  readonly bankDetails: string | null;
  /** The URL as a QR code, a `data:image/png;base64,…` URL; only when asked and there is a URL. */
  readonly qrPngDataUrl: string | null;
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
  /** Opens a way to pay an agreed amount now; null when nothing is due for it. Absent: the bot lists how to pay instead. */
  readonly payNow?: (request: PayNowRequest) => Promise<PayNowOffer | null>;
}
