// What the console API returns: queue entries and conversation details as JSON views, money formatted
// in the debtor's locale. Debtor data appears only when the ledger says the debtor was verified.
import { addDays, dateInTimeZone } from '../../lib/calendar.js';
import {
  formatMoney,
  makeMoney,
  minorToMajorString,
  type AccountView,
  type AgreementView,
  type ConversationDetail,
  type Policy,
  type QueueEntry,
  type Refusal,
} from '../../ledger/index.js';
import { messagePreview } from './preview.js';

/** One queue entry as agents see it. */
export interface QueueItemView {
  readonly conversationId: string;
  readonly channel: string;
  readonly reason: string;
  /** Lower is served first (disputes 0). */
  readonly priority: number;
  readonly status: 'queued' | 'assigned';
  readonly holder: { readonly id: string; readonly name: string | null } | null;
  readonly queuedAtIso: string;
  readonly verified: boolean;
  /** Only for verified debtors. */
  readonly debtorName: string | null;
  readonly locale: string | null;
  /** What the debtor last wrote: masked, one line, cut short (null when they wrote nothing). */
  readonly lastMessage: string | null;
}

/** Maps a ledger queue entry to its view. */
export function toQueueItemView(entry: QueueEntry): QueueItemView {
  return {
    conversationId: entry.conversationId,
    channel: entry.channel,
    reason: entry.reason,
    priority: entry.priority,
    status: entry.status,
    holder: entry.agentId ? { id: entry.agentId, name: entry.agentName } : null,
    queuedAtIso: entry.queuedAt.toISOString(),
    verified: entry.verified,
    debtorName: entry.verified ? entry.debtorName : null,
    locale: entry.locale,
    lastMessage: entry.lastDebtorMessage === null ? null : messagePreview(entry.lastDebtorMessage),
  };
}

/** The locale money of this debtor is formatted in (`es-CL`, `en-US`, …), falling back to the language. */
export function debtorLocale(language: string, country: string): string {
  const candidate = `${language}-${country}`;
  try {
    if (Intl.NumberFormat.supportedLocalesOf([candidate]).length > 0) return candidate;
  } catch {
    // A malformed tag falls through to the language alone.
  }
  return language === 'en' ? 'en-US' : 'es-CL';
}

function money(amountMinor: number, currency: string, locale: string): string {
  try {
    return formatMoney(makeMoney(amountMinor, currency), locale);
  } catch {
    return `${amountMinor} ${currency}`;
  }
}

function majorString(amountMinor: number, currency: string): string {
  try {
    return minorToMajorString(amountMinor, makeMoney(amountMinor, currency).currency);
  } catch {
    return String(amountMinor);
  }
}

/** An account in the debtor panel: formatted amounts plus the plain decimal balance forms start from. */
export interface AccountPanelView {
  readonly id: string;
  readonly externalRef: string;
  readonly product: string;
  readonly currency: string;
  readonly balance: string;
  /** The balance as a plain decimal in major units ("1250000", "480.25"). */
  readonly balanceMajor: string;
  readonly originalAmount: string;
  readonly dueDateIso: string;
  readonly status: string;
  readonly hasActiveAgreement: boolean;
}

/** An agreement in the debtor panel. */
export interface AgreementPanelView {
  readonly id: string;
  readonly accountId: string;
  readonly accountRef: string;
  readonly kind: 'plan' | 'settlement';
  readonly status: string;
  readonly agreedAmount: string;
  readonly discount: string;
  readonly downPayment: string;
  readonly downPaymentDueIso: string | null;
  readonly installmentCount: number;
  readonly installments: ReadonlyArray<{ readonly sequence: number; readonly dueDateIso: string; readonly amount: string }>;
}

/** A promise in the debtor panel. */
export interface PromisePanelView {
  readonly id: string;
  readonly accountId: string;
  readonly accountRef: string;
  readonly amount: string;
  readonly dueDateIso: string;
  readonly status: string;
}

/** The verified debtor's panel, with the limits the forms need. */
export interface DebtorPanelView {
  /** The debtor's id (for the debtor's payments, `GET /debtors/:debtorId/payments`). */
  readonly id: string;
  readonly fullName: string;
  readonly language: string;
  readonly country: string;
  readonly locale: string;
  readonly todayIso: string;
  readonly accounts: readonly AccountPanelView[];
  readonly agreements: readonly AgreementPanelView[];
  readonly promises: readonly PromisePanelView[];
  readonly limits: { readonly promiseLatestDateIso: string; readonly planMinCount: number; readonly planMaxCount: number };
}

/** One transcript line: who said it (debtor, bot, an agent by name), what, when. */
export interface TranscriptLineView {
  readonly id: string;
  readonly author: 'debtor' | 'bot' | 'agent';
  readonly agentId: string | null;
  readonly agentName: string | null;
  readonly text: string;
  readonly atIso: string;
}

/** A conversation as the console shows it. */
export interface ConversationView {
  readonly conversationId: string;
  readonly channel: string;
  readonly mode: string;
  readonly locale: string | null;
  readonly holder: { readonly id: string; readonly name: string | null } | null;
  readonly transcript: readonly TranscriptLineView[];
  /** Null unless the debtor was verified in this conversation: then no account data is shown. */
  readonly debtor: DebtorPanelView | null;
}

/** Maps an account to its panel view. */
export function toAccountPanelView(account: AccountView, locale: string): AccountPanelView {
  return {
    id: account.id,
    externalRef: account.externalRef,
    product: account.product,
    currency: account.currency,
    balance: money(account.balanceMinor, account.currency, locale),
    balanceMajor: majorString(account.balanceMinor, account.currency),
    originalAmount: money(account.originalAmountMinor, account.currency, locale),
    dueDateIso: account.dueDateIso,
    status: account.status,
    hasActiveAgreement: account.activeAgreementId !== null,
  };
}

/** Maps an agreement to its panel view. */
export function toAgreementPanelView(agreement: AgreementView, locale: string, accountRef: string): AgreementPanelView {
  return {
    id: agreement.id,
    accountId: agreement.accountId,
    accountRef,
    kind: agreement.kind,
    status: agreement.status,
    agreedAmount: money(agreement.agreedAmountMinor, agreement.currency, locale),
    discount: money(agreement.discountMinor, agreement.currency, locale),
    downPayment: money(agreement.downPaymentMinor, agreement.currency, locale),
    downPaymentDueIso: agreement.downPaymentDueIso,
    installmentCount: agreement.installmentCount,
    installments: agreement.installments.map((item) => ({
      sequence: item.sequence,
      dueDateIso: item.dueDateIso,
      amount: money(item.amountMinor, agreement.currency, locale),
    })),
  };
}

/** Builds the conversation view; `debtor` stays null for an unverified conversation. */
export function toConversationView(
  detail: ConversationDetail,
  holder: ConversationView['holder'],
  policy: Policy,
  now: Date,
): ConversationView {
  const transcript = detail.transcript.map((line) => ({
    id: line.id,
    author: line.author,
    agentId: line.agentId,
    agentName: line.agentName,
    text: line.text,
    atIso: line.at.toISOString(),
  }));
  let debtor: DebtorPanelView | null = null;
  if (detail.debtor) {
    const source = detail.debtor;
    const locale = debtorLocale(source.language, source.country);
    const todayIso = dateInTimeZone(now, source.timezone);
    const refs = new Map(source.accounts.map((account) => [account.id, account.externalRef]));
    debtor = {
      id: source.id,
      fullName: source.fullName,
      language: source.language,
      country: source.country,
      locale,
      todayIso,
      accounts: source.accounts.map((account) => toAccountPanelView(account, locale)),
      agreements: source.agreements.map((agreement) => toAgreementPanelView(agreement, locale, refs.get(agreement.accountId) ?? '')),
      promises: source.promises.map((promise) => ({
        id: promise.id,
        accountId: promise.accountId,
        accountRef: refs.get(promise.accountId) ?? '',
        amount: money(promise.amountMinor, promise.currency, locale),
        dueDateIso: promise.dueDateIso,
        status: promise.status,
      })),
      limits: {
        promiseLatestDateIso: addDays(todayIso, policy.promise.maxDaysAhead),
        planMinCount: policy.installments.minCount,
        planMaxCount: policy.installments.maxCount,
      },
    };
  }
  return {
    conversationId: detail.conversationId,
    channel: detail.channel,
    mode: detail.mode,
    locale: detail.locale,
    holder,
    transcript,
    debtor,
  };
}

/** A policy refusal with its amounts formatted, for a 422 answer. */
export function toRefusalView(refusal: Refusal, currency: string, locale: string): Record<string, unknown> {
  return {
    code: refusal.code,
    ...(refusal.minAmountMinor !== undefined ? { minAmount: money(refusal.minAmountMinor, currency, locale) } : {}),
    ...(refusal.maxAmountMinor !== undefined ? { maxAmount: money(refusal.maxAmountMinor, currency, locale) } : {}),
    ...(refusal.earliestDateIso !== undefined ? { earliestDateIso: refusal.earliestDateIso } : {}),
    ...(refusal.latestDateIso !== undefined ? { latestDateIso: refusal.latestDateIso } : {}),
  };
}
