import type { Activity, Attachment, TurnContext } from 'botbuilder-core';
import { agreementStanding, type PaymentPurpose } from '../ledger/index.js';
import { accountsAtTurnStart, catalogOf, debtorToday, sendDisclosing, turnKey, verifiedDebtor } from './debtor.js';
import { longDate, money } from './format.js';
import type { Catalog, Language } from './messages/index.js';
import type { DialogServices, PayNowOffer, PayNowRequest } from './services.js';
import { turnInfo } from './turn.js';

/** The web chat's channel id (`webChatChannelId` in adapters/webchat): the one channel that shows the pay link as a QR code. */
export const qrChannelId = 'webchat';

/** Longest text one Telegram message may carry (Bot API `sendMessage`), in UTF-16 code units; the pay-now message stays under it. */
export const maxMessageChars = 4096;

/** How long a turn waits for a way to pay now before it lists how to pay instead, in ms (well inside the turn's deadline). */
export const payNowTimeoutMs = 5_000;

/** The image type and encoding a pay link's QR code must come in to be shown. */
const qrDataUrlPrefix = 'data:image/png;base64,';

/** What a dialog offers to pay now, right after it recorded what the debtor agreed. */
export interface PayNowAsk {
  readonly accountId: string;
  /** What the amount is for; the ledger decides the amount from it and the account (the dialog never sends one). */
  readonly purpose: PaymentPurpose;
  /** For purpose "promise": the promise just recorded. */
  readonly promiseId?: string;
  /**
   * The idempotency key of the ledger write that agreed the amount (see `turnKey`); the link's key is derived from
   * it, so a replayed turn gets the same link. Absent: this turn's key for the purpose (nothing was written).
   */
  readonly keyBase?: string;
  /** What the message says first (the confirmation of what was agreed); how to pay follows in the same message. */
  readonly lead: string;
}

/** The idempotency key of the pay-now link for an agreed amount: one per agreement write and purpose. */
export function payNowKey(keyBase: string, purpose: PaymentPurpose): string {
  return `${keyBase}:pay-now:${purpose}`;
}

/** Asks for a way to pay now; null when there is none, it failed or it took too long (the provider is down: nothing is logged here). */
async function askPayNow(services: DialogServices, request: PayNowRequest): Promise<PayNowOffer | null> {
  const payNow = services.payNow;
  if (!payNow) return null;
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<null>((resolve) => {
    timer = setTimeout(resolve, payNowTimeoutMs, null);
    timer.unref();
  });
  const asked = Promise.resolve()
    .then(() => payNow(request))
    .catch(() => null);
  try {
    return await Promise.race([asked, timedOut]);
  } finally {
    clearTimeout(timer);
  }
}

/** The lines that tell how to pay the offer: the link with the amount (if any), then the bank transfer with its reference. */
function offerLines(offer: PayNowOffer, messages: Catalog, language: Language, country: string, withBankDetails: boolean): string {
  const amount = money(offer.amountMinor, offer.currency, language, country);
  const bankDetails = withBankDetails && offer.bankDetails?.trim() ? offer.bankDetails.trim() : null;
  return offer.url
    ? `${messages.payNowLink(amount, offer.url)}\n\n${messages.payNowTransfer(null, offer.bankReference, bankDetails)}`
    : messages.payNowTransfer(amount, offer.bankReference, bankDetails);
}

/** The pay-now text, within one Telegram message (the bank details are left out if they would not fit); null when it cannot fit or nothing is due. */
function offerText(lead: string, offer: PayNowOffer, messages: Catalog, language: Language, country: string): string | null {
  if (!(offer.amountMinor > 0)) return null;
  // Room for the US debt-collector disclosure, which may go first.
  const budget = maxMessageChars - messages.usDisclosure.length - 2;
  for (const withBankDetails of [true, false]) {
    const text = `${lead}\n\n${offerLines(offer, messages, language, country, withBankDetails)}`;
    if (text.length <= budget) return text;
  }
  return null;
}

/**
 * Sends the confirmation `lead` with a way to pay exactly the agreed amount, in one message: the amount, the pay link
 * as plain text (no URL button: Telegram refuses links it cannot reach), the bank-transfer reference and the bank
 * details when configured; on the web chat the same message carries the link's QR code. Without a way to pay now (no
 * port, nothing due, the provider failed or was slow) it lists how to pay instead, so the debtor always learns how.
 * Only for a verified debtor.
 */
export async function sendPayNow(context: TurnContext, services: DialogServices, ask: PayNowAsk): Promise<void> {
  const info = turnInfo(context);
  const debtor = verifiedDebtor(context);
  const messages = catalogOf(context);
  const withQr = info.channel === qrChannelId;
  const keyBase = ask.keyBase ?? (context.activity.id ? turnKey(context, ask.purpose) : null);
  const offer =
    keyBase === null
      ? null
      : await askPayNow(services, {
          accountId: ask.accountId,
          purpose: ask.purpose,
          ...(ask.promiseId === undefined ? {} : { promiseId: ask.promiseId }),
          country: debtor.country,
          conversationId: info.conversationId,
          idempotencyKey: payNowKey(keyBase, ask.purpose),
          withQr,
        });
  let text: string | null = null;
  try {
    text = offer ? offerText(ask.lead, offer, messages, info.language, debtor.country) : null;
  } catch {
    // An offer the money formatter refuses (an unknown currency, an unsafe amount) is not shown.
    text = null;
  }
  if (!offer || text === null) {
    await sendDisclosing(context, `${ask.lead}\n\n${messages.howToPay(services.paymentMethods(debtor.country, info.language))}`);
    return;
  }
  const activity: Partial<Activity> = { type: 'message', text };
  if (withQr && offer.url && offer.qrPngDataUrl?.startsWith(qrDataUrlPrefix)) {
    const qr: Attachment = { contentType: 'image/png', contentUrl: offer.qrPngDataUrl, name: messages.payNowQrName };
    activity.attachments = [qr];
  }
  await sendDisclosing(context, activity);
}

/**
 * For "how do I pay?" from a verified debtor with an agreement in force: a way to pay what is next due on it (the
 * oldest unpaid part: the down payment, an installment, the settlement's amount), one link per conversation and part
 * as paid so far. False when no account has an agreement with something due (the caller lists how to pay).
 */
export async function offerNextDue(context: TurnContext, services: DialogServices): Promise<boolean> {
  const info = turnInfo(context);
  const debtor = verifiedDebtor(context);
  const todayIso = debtorToday(services, debtor);
  for (const account of await accountsAtTurnStart(context, debtor)) {
    if (!account.activeAgreementId) continue;
    const standing = await agreementStanding(info.ledger, account.id, todayIso);
    const next = standing?.next;
    if (!standing || !next) continue;
    const purpose: PaymentPurpose =
      standing.kind === 'settlement' ? 'settlement' : next.target === 'lump_sum' ? 'down_payment' : 'installment';
    const lead = catalogOf(context).nextDueLead(
      account.externalRef,
      longDate(next.dueDateIso, info.language),
      standing.standing === 'late',
    );
    const keyBase = `next-due:${info.conversationId}:${account.activeAgreementId}:${next.sequence}:${next.paidMinor}`;
    await sendPayNow(context, services, { accountId: account.id, purpose, keyBase, lead });
    return true;
  }
  return false;
}
