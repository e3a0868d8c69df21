import type { Logger } from 'pino';
import type { PaymentProvider } from '../adapters/payments/provider.js';
import type { PayNowOffer, PayNowRequest } from '../dialogs/services.js';
import { attachCheckout, openPaymentLink, type LedgerContext, type PaymentLinkView } from '../ledger/index.js';
import { errorForLog } from '../bot/log-scrub.js';
import { payLinkQrPng } from './pay-link-qr.js';
import { withinTime } from '../lib/within-time.js';

/** What paying now is wired to: the providers by country, the demo simulator, the bank details. */
export interface PayNowOptions {
  readonly ledger: LedgerContext;
  /** The hosted-checkout provider of each country (ISO 3166 alpha-2) that has one configured. */
  readonly providersByCountry: ReadonlyMap<string, PaymentProvider>;
  /** The local payment simulator takes the countries without a provider (the demo). */
  readonly simulator: boolean;
  /** Where people reach this server (read at each use: a test server knows its port only once listening). */
  readonly publicUrl: () => string;
  readonly lenderName: string;
  readonly bankDetails: string | null;
  readonly logger: Logger;
}

/** How long a provider may take to create a checkout before the debtor is given the bank transfer alone, in ms. */
export const checkoutTimeoutMs = 3_000;

/** The local simulator's page for a link (the demo's "checkout"). */
export function simulatorUrl(publicUrl: string, linkId: string): string {
  return `${publicUrl}/pay/${encodeURIComponent(linkId)}`;
}

/**
 * Opens a link for exactly what the ledger says is due for the purpose, and a checkout for it at the country's provider
 * (or the simulator). When the provider fails, the debtor still gets the bank transfer reference; nothing is retried
 * from the conversation.
 */
export function makePayNow(options: PayNowOptions): (request: PayNowRequest) => Promise<PayNowOffer | null> {
  const checkoutUrl = async (link: PaymentLinkView, provider: PaymentProvider | undefined): Promise<string | null> => {
    if (link.url) return link.url;
    if (provider) {
      try {
        const created = provider
          .createCheckout({
            linkId: link.id,
            amountMinor: link.amountMinor,
            currency: link.currency,
            title: options.lenderName,
            returnUrl: `${options.publicUrl()}/pay/${encodeURIComponent(link.id)}/done`,
            notificationUrl: `${options.publicUrl()}/payments/${provider.name}/webhook`,
          })
          .then(async (checkout) => {
            await attachCheckout(options.ledger, link.id, checkout);
            return checkout;
          });
        // A slow provider is not waited for past the limit: the debtor gets the bank reference now.
        created.catch(() => undefined);
        return (await withinTime(created, checkoutTimeoutMs)).url;
      } catch (error) {
        options.logger.warn(
          { provider: provider.name, err: errorForLog(error) },
          'checkout not created; the bank transfer is offered alone',
        );
        return null;
      }
    }
    if (!options.simulator) return null;
    const url = simulatorUrl(options.publicUrl(), link.id);
    await attachCheckout(options.ledger, link.id, { url, providerRef: 'simulator' });
    return url;
  };
  return async (request) => {
    const provider = options.providersByCountry.get(request.country);
    const link = await openPaymentLink(options.ledger, {
      idempotencyKey: request.idempotencyKey,
      accountId: request.accountId,
      purpose: request.purpose,
      ...(request.promiseId ? { promiseId: request.promiseId } : {}),
      provider: provider?.name ?? (options.simulator ? 'simulator' : 'bank_transfer'),
      conversationId: request.conversationId,
    });
    if (!link) return null;
    const url = await checkoutUrl(link, provider);
    const qrPngDataUrl = url && request.withQr ? payLinkQrPng(url) : null;
    return {
      amountMinor: link.amountMinor,
      currency: link.currency,
      url,
      bankReference: link.reference,
      bankDetails: options.bankDetails,
      qrPngDataUrl,
    };
  };
}
