// The demo's payment pages. GET /pay/:linkId is the local payment simulator (when it is on): it shows what the link
// pays and pays it with one button, through the same ledger path as a provider's notification. GET /pay/:linkId/done
// is where a provider's checkout sends the payer back. A link id is 128 random bits: the page shows nothing else.
import express, { type Router } from 'express';
import type { Logger } from 'pino';
import { findPaymentLink, formatMoney, makeMoney, recordLinkPayment, type LedgerContext } from '../../ledger/index.js';

/** What the pages need; `onApplied` runs after a simulated payment was applied (to send the receipt). */
export interface PaymentPagesOptions {
  readonly ledger: LedgerContext;
  readonly simulator: boolean;
  readonly lenderName: string;
  readonly logger: Logger;
  readonly onApplied: () => void;
}

const escapes: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (character) => escapes[character] ?? character);
}

function page(title: string, body: string): string {
  return `<!doctype html><html lang="es"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title><link rel="icon" href="data:,">
<style>body{font-family:system-ui,sans-serif;max-width:28rem;margin:3rem auto;padding:0 1rem;color:#1f2933}
.card{border:1px solid #d9e2ec;border-radius:12px;padding:1.5rem}.amount{font-size:2rem;font-weight:700;margin:.5rem 0}
button{font-size:1rem;padding:.75rem 1.25rem;border:0;border-radius:8px;background:#0b6e4f;color:#fff;cursor:pointer}
.note{color:#52606d;font-size:.9rem}.paid{color:#0b6e4f;font-weight:600}</style></head><body><div class="card">${body}</div></body></html>`;
}

const purposeLabels: Record<string, string> = {
  full: 'Pago total / Payment in full',
  settlement: 'Acuerdo de pago / Settlement',
  down_payment: 'Pie del plan / Plan down payment',
  installment: 'Cuota del plan / Plan installment',
  promise: 'Promesa de pago / Promise to pay',
};

/** The payment pages' router. */
export function paymentPagesRouter(options: PaymentPagesOptions): Router {
  const router = express.Router();
  const notFound = (response: express.Response) =>
    response
      .status(404)
      .type('html')
      .send(page('No encontrado / Not found', '<p>Este enlace de pago no existe. / This payment link does not exist.</p>'));

  router.get('/pay/:linkId/done', (_request, response) => {
    response
      .type('html')
      .send(
        page(
          options.lenderName,
          '<p>Gracias. Confirmaremos el pago en el chat apenas el medio de pago nos avise.</p><p>Thank you. We will confirm the payment in the chat as soon as the payment provider tells us.</p>',
        ),
      );
  });

  if (!options.simulator) return router;

  router.get('/pay/:linkId', async (request, response, next) => {
    try {
      const link = await findPaymentLink(options.ledger, request.params.linkId);
      if (!link || link.provider !== 'simulator') return notFound(response);
      const amount = escapeHtml(formatMoney(makeMoney(link.amountMinor, link.currency), 'es-CL'));
      const header = `<p class="note">${escapeHtml(options.lenderName)} · ${escapeHtml(purposeLabels[link.purpose] ?? link.purpose)}</p><div class="amount">${amount}</div>`;
      const action =
        link.status === 'paid'
          ? '<p class="paid">Pagado. / Paid.</p><p class="note">Puedes volver al chat. / You can go back to the chat.</p>'
          : `<form method="post" action="/pay/${encodeURIComponent(link.id)}/simulate"><button type="submit">Pagar (simulado) / Pay (simulated)</button></form>
<p class="note">Simulador de pagos de la demo: no se mueve dinero real. / The demo's payment simulator: no real money moves.</p>`;
      return response.type('html').send(page(`${options.lenderName} — ${amount}`, header + action));
    } catch (error) {
      return next(error);
    }
  });

  router.post('/pay/:linkId/simulate', async (request, response, next) => {
    try {
      const link = await findPaymentLink(options.ledger, request.params.linkId);
      if (!link || link.provider !== 'simulator') return notFound(response);
      const outcome = await recordLinkPayment(options.ledger, {
        eventId: `simulated-${link.id}`,
        linkId: link.id,
        source: 'simulator',
        providerPaymentId: `simulated-${link.id}`,
        amountMinor: link.amountMinor,
        currency: link.currency,
        paidAt: new Date().toISOString(),
      });
      options.logger.info({ applied: outcome.applied, duplicate: outcome.duplicate }, 'simulated payment');
      if (outcome.applied) options.onApplied();
      return response.redirect(303, `/pay/${encodeURIComponent(link.id)}`);
    } catch (error) {
      return next(error);
    }
  });
  return router;
}
