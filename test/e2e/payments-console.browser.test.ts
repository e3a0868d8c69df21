// Payments in the agent console (headless Chromium): an agent opens a verified debtor on an installment plan and sees,
// in the debtor panel, the balance, the plan "al día", the down payment paid and installment 1 partly paid with exact
// amounts, each payment with where it went (and a reversed one struck through); on the payments desk the agent matches
// the debtor's "ya pagué" to the bank line no reference matched, and the balance and installment 1 go down by it.
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  agreePlan,
  appendMessage,
  debtorPayments,
  defaultPolicy,
  linkConversationDebtor,
  listAccounts,
  offerPlan,
  openConversation,
  recordPayment,
  recordPaymentClaim,
  requestHandoff,
  reversePayment,
  type LedgerContext,
} from '../../ledger/index.js';
import { insertUnmatchedPayment } from '../../ledger/store/unmatched-payment-rows.js';
import { consoleApi } from '../agent-console/console-fixture.js';
import { collectPageErrors, logInToConsole } from '../agent-console/console-page.js';
import { useAppInBrowser } from '../support/browser-app.js';
import { seedDebtor } from '../support/seed.js';
import { hasChromium } from '../webchat/support/browser.js';

const admin = { email: 'lead@example.com', password: 'a-long-enough-password' };
const agent = { email: 'agent@example.com', password: 'yet-another-long-password', name: 'Andrés Agente' };
/** Monday 23 November 2026, noon in Santiago. */
const clock = new Date('2026-11-23T15:00:00Z');
const todayIso = '2026-11-23';
const running = useAppInBrowser(
  'payments-console',
  { AGENT_BOOTSTRAP_EMAIL: admin.email, AGENT_BOOTSTRAP_PASSWORD: admin.password },
  { now: () => clock },
);
const screenshotPath = '/tmp/payments-console.png';
const deskScreenshotPath = '/tmp/payments-desk.png';

if (!hasChromium) console.warn('Browser tests skipped: /usr/bin/chromium is missing (apt-get install -y chromium)');

describe('payments in the agent console', () => {
  it.skipIf(!hasChromium)(
    'shows a debtor’s plan as paid and each payment’s application, and matches an "already paid" claim on the desk',
    async () => {
      const app = running.app();
      const api = consoleApi(app.url);
      const prisma = app.database.prisma;
      const ledger: LedgerContext = { prisma, sql: app.database.sql, policy: defaultPolicy };
      const system = { type: 'system' } as const;

      const adminSession = await api.login(admin.email, admin.password);
      expect((await api.call('POST', '/agent/api/agents', { session: adminSession, body: { ...agent, role: 'agent' } })).status).toBe(201);

      // CLP 1,200,000 on a plan: 120,000 down today, then 4 × 270,000 monthly from 23 December.
      const { debtorId } = await seedDebtor(prisma, [{ balanceMinor: 1_200_000 }]);
      const [account] = await listAccounts(ledger, debtorId);
      if (!account) throw new Error('no account');
      const request = { count: 4, downPaymentMinor: 120_000 };
      const offered = offerPlan(account, defaultPolicy, todayIso, request);
      if (!offered.ok) throw new Error(offered.refusal.code);
      const agreed = await agreePlan(ledger, {
        idempotencyKey: `plan-${randomUUID()}`,
        accountId: account.id,
        acceptedOffer: offered.offer,
        todayIso,
        actor: system,
        request,
      });
      expect(agreed.ok).toBe(true);
      const pay = async (amountMinor: number) =>
        (
          await recordPayment(ledger, {
            idempotencyKey: `pay-${randomUUID()}`,
            accountId: account.id,
            amountMinor,
            currency: 'CLP',
            paidOnIso: todayIso,
            source: 'bank_file',
            actor: system,
          })
        ).payment.id;
      // 200,000: the down payment and 80,000 of installment 1; then 50,000 that the bank took back.
      const firstPayment = await pay(200_000);
      const chargedBack = await pay(50_000);
      await reversePayment(ledger, {
        idempotencyKey: `rev-${randomUUID()}`,
        paymentId: chargedBack,
        reason: 'chargeback',
        reversedOnIso: todayIso,
        source: 'bank_file',
        actor: system,
      });
      // The debtor says they paid 150,000 on Friday; the bank file had a line of 150,000 with a reference nobody knew.
      await recordPaymentClaim(ledger, {
        idempotencyKey: `claim-${randomUUID()}`,
        accountId: account.id,
        amountMinor: 150_000,
        paidOnIso: '2026-11-20',
        actor: { type: 'debtor' },
      });
      const line = await insertUnmatchedPayment(prisma, {
        source: 'bank_file',
        externalId: `bank-${randomUUID()}`,
        reference: 'TRANSF 99812 A PEREZ',
        currency: 'CLP',
        amountMinor: 150_000,
        paidOnIso: '2026-11-20',
      });
      const soles = await insertUnmatchedPayment(prisma, {
        source: 'bank_file',
        externalId: `bank-${randomUUID()}`,
        reference: 'ABONO 7781',
        currency: 'PEN',
        amountMinor: 348_050,
        paidOnIso: '2026-11-21',
      });

      // The debtor asked for a person after verifying.
      const conversation = await openConversation(
        ledger,
        { channel: 'webchat', channelConversationId: 'wc-payments', channelUserId: 'wc-payments' },
        JSON.stringify({ channelId: 'webchat', conversation: { id: 'wc-payments' }, user: { id: 'wc-payments' } }),
        'es-CL',
      );
      await appendMessage(ledger, { conversationId: conversation.id, direction: 'in', author: 'debtor', text: 'ya pagué la cuota' });
      await linkConversationDebtor(ledger, conversation.id, debtorId);
      await requestHandoff(ledger, conversation.id, 'human');

      const page = await running.browser().newPage({ viewport: { width: 1280, height: 900 }, locale: 'es-CL' });
      const errors = collectPageErrors(page);
      try {
        await logInToConsole(page, app.url, agent);
        await page.locator('.queue-item', { hasText: 'Ana Pérez' }).click();
        await page.getByText('Conversación tomada.').waitFor();

        // The debtor panel's payments.
        const section = page.locator('#debtor-content .payments-section');
        await section.getByRole('heading', { name: 'Pagos', exact: true }).waitFor();
        const card = section.locator(`.payments-account[data-account-ref="${account.externalRef}"]`);
        await card.waitFor();
        expect(await card.locator('.payments-balance').textContent()).toBe('$1.000.000');
        expect(await card.locator('.payments-credit').textContent()).toBe('$0');
        expect(await card.locator('.standing-badge').textContent()).toBe('Plan al día');
        expect(await card.locator('caption').textContent()).toBe('Plan de 4 cuotas');
        const downPayment = card.locator('tr.obligation[data-target="lump_sum"]');
        expect(await downPayment.locator('.obligation-name').textContent()).toBe('Pie');
        expect(await downPayment.locator('.obligation-paid-amount').textContent()).toBe('$120.000');
        expect(await downPayment.locator('.obligation-amount').textContent()).toBe('de $120.000');
        expect(await downPayment.locator('.obligation-left').textContent()).toBe('Pagado');
        const installment1 = card.locator('tr.obligation[data-target="installment"][data-sequence="1"]');
        expect(await installment1.locator('.obligation-name').textContent()).toBe('Cuota 1');
        expect(await installment1.locator('.obligation-due').textContent()).toMatch(/23 dic 2026/);
        expect(await installment1.locator('.obligation-paid-amount').textContent()).toBe('$80.000');
        expect(await installment1.locator('.obligation-amount').textContent()).toBe('de $270.000');
        expect(await installment1.locator('.obligation-left').textContent()).toBe('$190.000');
        expect(await card.locator('tr.obligation').count()).toBe(5);

        // Newest first: the reversal, the reversed payment (struck through), the first payment split in words.
        const payments = card.locator('.payment-item');
        expect(await payments.count()).toBe(3);
        expect(await payments.nth(0).locator('.payment-head').textContent()).toMatch(/^Reversión−\$50\.000/);
        expect(await payments.nth(0).locator('.payment-applications').textContent()).toBe('Cuota 1−$50.000');
        const reversed = card.locator(`.payment-item[data-payment-id="${chargedBack}"]`);
        expect(await reversed.getAttribute('class')).toContain('payment-reversed');
        expect(await reversed.locator('.reversed-badge').textContent()).toBe('Revertido');
        expect(await reversed.locator('.payment-amount').evaluate((node) => node.tagName)).toBe('S');
        expect(
          await reversed
            .locator('.payment-applications')
            .evaluate((node) => node.ownerDocument.defaultView?.getComputedStyle(node).textDecorationLine),
        ).toBe('line-through');
        const first = card.locator(`.payment-item[data-payment-id="${firstPayment}"]`);
        expect(await payments.nth(2).getAttribute('data-payment-id')).toBe(firstPayment);
        expect(await first.locator('.payment-amount').textContent()).toBe('$200.000');
        expect(await first.locator('.payment-source').textContent()).toBe('Archivo del banco');
        expect(
          await first
            .locator('.application')
            .evaluateAll((items) => items.map((item) => [...item.children].map((child) => child.textContent).join(': '))),
        ).toEqual(['Pie: $120.000', 'Cuota 1: $80.000']);
        expect(await card.locator('.claim-item').textContent()).toMatch(/\$150\.000 · 20 nov 2026.*por revisar/);
        expect(await section.textContent()).not.toMatch(/null|undefined|NaN/);

        // The desk: the claim, and the two bank lines nobody matched.
        await page.getByRole('button', { name: 'Pagos por revisar', exact: true }).click();
        const desk = page.locator('#payments-desk-panel');
        const claimRow = desk.locator('.desk-claim', { hasText: account.externalRef });
        await claimRow.waitFor();
        expect(await claimRow.locator('.desk-claim-says').textContent()).toBe('Dice que pagó $150.000 el 20 nov 2026');
        expect(await desk.locator('#payments-desk-unmatched-count').textContent()).toBe('2');
        const lineRow = desk.locator('.desk-unmatched', { hasText: 'TRANSF 99812 A PEREZ' });
        expect(await lineRow.locator('.desk-amount').textContent()).toBe('$150.000');
        const select = claimRow.getByLabel('Pago que corresponde');
        // Offered: the account's payments that stand (not the reversed one) and the CLP bank line; not the PEN one.
        await select.locator('option[value^="payment:"]').first().waitFor({ state: 'attached' });
        const offeredOptions = await select
          .locator('option')
          .evaluateAll((options) => options.map((option) => option.getAttribute('value') ?? ''));
        expect(offeredOptions).toContain(`unmatched:${line.id}`);
        expect(offeredOptions).not.toContain(`unmatched:${soles.id}`);
        expect(offeredOptions).not.toContain(`payment:${chargedBack}`);
        expect(offeredOptions.filter((value) => value.startsWith('payment:'))).toHaveLength(1);
        expect(await select.locator(`option[value="unmatched:${line.id}"]`).textContent()).toBe(
          '$150.000 · 20 nov 2026 · TRANSF 99812 A PEREZ · mismo monto',
        );
        await page.screenshot({ path: deskScreenshotPath });

        await select.selectOption(`unmatched:${line.id}`);
        await claimRow.getByRole('button', { name: 'Conciliar' }).click();
        await page.getByText('Aviso de pago conciliado.').waitFor();
        await claimRow.waitFor({ state: 'detached' });
        await desk.getByText('No hay avisos de pago por revisar.').waitFor();
        expect(await desk.locator('#payments-desk-unmatched-count').textContent()).toBe('1');
        expect(await desk.locator('.desk-unmatched', { hasText: 'TRANSF 99812' }).count()).toBe(0);
        await desk.getByRole('button', { name: 'Cerrar' }).click();
        await desk.waitFor({ state: 'hidden' });

        // The balance went down by the 150,000, applied to installment 1; the claim is matched.
        await card.locator('.payments-balance', { hasText: '$850.000' }).waitFor();
        await page.locator('.account-card .account-balance', { hasText: '$850.000' }).waitFor();
        expect(await installment1.locator('.obligation-paid-amount').textContent()).toBe('$230.000');
        expect(await installment1.locator('.obligation-left').textContent()).toBe('$40.000');
        expect(await payments.count()).toBe(4);
        expect(await payments.nth(0).textContent()).toMatch(/\$150\.000.*20 nov 2026.*Cuota 1\$150\.000/);
        expect(await card.locator('.claim-item').textContent()).toMatch(/\$150\.000 · 20 nov 2026.*conciliado/);
        const [stored] = await debtorPayments(ledger, debtorId, clock);
        expect(stored?.balanceMinor).toBe(850_000);
        expect(stored?.claims[0]?.status).toBe('confirmed');
        await section.scrollIntoViewIfNeeded();
        await page.screenshot({ path: screenshotPath });

        // In English the parts of a payment have English names.
        await page.getByRole('button', { name: 'English' }).click();
        await card.locator('.standing-badge', { hasText: 'Plan current' }).waitFor();
        expect(await downPayment.locator('.obligation-name').textContent()).toBe('Down payment');
        expect(await installment1.locator('.obligation-name').textContent()).toBe('Installment 1');
        expect(await reversed.locator('.reversed-badge').textContent()).toBe('Reversed');
        expect(await first.locator('.application-target').allTextContents()).toEqual(['Down payment', 'Installment 1']);
        await page.getByRole('button', { name: 'Español' }).click();
        expect(errors).toEqual([]);
      } finally {
        await page.close();
      }
    },
    90_000,
  );
});
