import { createHmac } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningApp } from '../../app.js';
import { startTestApp } from '../support/test-app.js';
import { startFakeBotApi, type FakeBotApi } from '../telegram/support/fake-bot-api.js';
import { TelegramUser } from '../telegram/support/telegram-user.js';

// Receipts on Telegram (DESIGN §11, §13): a payment from any source reaches the debtor's verified Telegram chat once,
// through the fake Bot API that enforces Telegram's rules; a chat that said STOP, or that never verified, gets nothing.
const token = '123456789:AAE-test-token-for-the-fake-bot-api';
const secret = 'test-payments-webhook-secret-0123456789';
const folder = mkdtempSync(join(tmpdir(), 'e2e-receipts-'));

describe('payment receipts on Telegram', () => {
  let api: FakeBotApi;
  let app: RunningApp;

  beforeAll(async () => {
    api = await startFakeBotApi({ token });
    app = await startTestApp({
      DATABASE_URL: `file:${join(folder, 'receipts.db')}`,
      LENDER_NAME: 'Banco Demo',
      TELEGRAM_BOT_TOKEN: token,
      TELEGRAM_API_ROOT: api.apiRoot,
      PAYMENTS_WEBHOOK_SECRET: secret,
      RECEIPTS_TICK_SECONDS: '1',
    });
  }, 60_000);
  afterAll(async () => {
    await app?.close();
    await api?.close();
  });

  /** A payment notified by a gateway through the generic signed webhook. */
  async function notifyPayment(accountRef: string, amount: string, currency: string): Promise<number> {
    const body = JSON.stringify({
      event_id: `evt-${accountRef}-${amount}`,
      account_ref: accountRef,
      amount,
      currency,
      paid_at: '2026-12-02',
    });
    const signature = `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
    const response = await fetch(`${app.url}/payments/webhook`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'X-Signature': signature },
      body,
    });
    return response.status;
  }
  const receipts = (chatId: number) =>
    api.sentMessages(chatId).filter((message) => /Recibimos tu pago|We received your payment/.test(message.text));
  const settle = () => new Promise((resolve) => setTimeout(resolve, 2_500));

  it('reaches the verified chat once, with the amount and the balance now; a chat that never verified gets nothing', async () => {
    const ana = new TelegramUser(api, { id: 8101, firstName: 'Ana', languageCode: 'es' });
    const stranger = new TelegramUser(api, { id: 8102, firstName: 'Otro', languageCode: 'es' });
    api.userSends(ana.user, '/start');
    await ana.waitForReply(/Banco Demo/);
    await ana.say('cuanto debo', /documento/);
    await ana.say('12.345.678-5 14/03/1985', /1\.250\.000/);
    api.userSends(stranger.user, 'hola');
    await stranger.waitForReply(/Banco Demo/);

    expect(await notifyPayment('CL-TC-0001', '50000', 'CLP')).toBe(200);
    const receipt = await api.waitFor(() => receipts(8101)[0], 10_000);
    expect(receipt.text).toBe('Recibimos tu pago de $50.000 a la cuenta ···0001. ¡Gracias! Saldo actual: $1.200.000.');
    await settle();
    expect(receipts(8101)).toHaveLength(1);
    expect(receipts(8102)).toHaveLength(0);
    const payment = await app.database.prisma.payment.findFirstOrThrow({ where: { idempotencyKey: 'gateway:evt-CL-TC-0001-50000' } });
    expect(payment.receiptAt).not.toBeNull();
    // The receipt is in the transcript an agent reads.
    const logged = await app.database.prisma.message.findFirst({ where: { text: receipt.text } });
    expect(logged?.direction).toBe('out');
  });

  it('after STOP in that chat, a payment is still applied but no receipt goes there', async () => {
    const ana = new TelegramUser(api, { id: 8101, firstName: 'Ana', languageCode: 'es' });
    await ana.say('STOP', /.+/);
    const before = receipts(8101).length;
    expect(await notifyPayment('CL-TC-0001', '1000', 'CLP')).toBe(200);
    await settle();
    expect(receipts(8101)).toHaveLength(before);
    const account = await app.database.prisma.account.findUniqueOrThrow({ where: { externalRef: 'CL-TC-0001' } });
    expect(account.balanceMinor).toBe(1_199_000n);
    const payment = await app.database.prisma.payment.findFirstOrThrow({ where: { idempotencyKey: 'gateway:evt-CL-TC-0001-1000' } });
    expect(payment.receiptAt).not.toBeNull();
  });
});
