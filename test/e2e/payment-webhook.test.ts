import { createHmac } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningApp } from '../../app.js';
import { startTestApp } from '../support/test-app.js';

// The generic signed payment webhook of DESIGN §13, on the whole server: signature, exact amounts, once per event id.
const secret = 'test-payments-webhook-secret-0123456789';
const folder = mkdtempSync(join(tmpdir(), 'e2e-payments-'));

function sign(body: string, key = secret): string {
  return `sha256=${createHmac('sha256', key).update(body).digest('hex')}`;
}

describe('POST /payments/webhook', () => {
  let app: RunningApp;
  const post = async (payload: unknown, options: { signature?: string | null; raw?: string } = {}) => {
    const body = options.raw ?? JSON.stringify(payload);
    const headers: Record<string, string> = { 'Content-Type': 'application/json' };
    const signature = options.signature === undefined ? sign(body) : options.signature;
    if (signature !== null) headers['X-Signature'] = signature;
    const response = await fetch(`${app.url}/payments/webhook`, { method: 'POST', headers, body });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  };
  const balanceOf = async (externalRef: string) =>
    (await app.database.prisma.account.findUniqueOrThrow({ where: { externalRef } })).balanceMinor;
  const payments = () => app.database.prisma.payment.count();

  beforeAll(async () => {
    app = await startTestApp({ DATABASE_URL: `file:${join(folder, 'payments.db')}`, PAYMENTS_WEBHOOK_SECRET: secret });
  }, 60_000);
  afterAll(async () => {
    await app?.close();
  });

  const event = (overrides: Record<string, string> = {}) => ({
    event_id: `evt-${Math.random().toString(36).slice(2)}`,
    account_ref: 'CL-TC-0001',
    amount: '100000',
    currency: 'CLP',
    paid_at: '2026-11-20T15:30:00-03:00',
    ...overrides,
  });

  it('applies a signed payment exactly, once per event id', async () => {
    const before = await balanceOf('CL-TC-0001');
    const first = event();
    expect(await post(first)).toEqual({ status: 200, body: { applied: true } });
    expect(await balanceOf('CL-TC-0001')).toBe(before - 100_000n);
    expect(await post(first)).toEqual({ status: 200, body: { applied: false, duplicate: true } });
    expect(await balanceOf('CL-TC-0001')).toBe(before - 100_000n);
    const payment = await app.database.prisma.payment.findUniqueOrThrow({ where: { idempotencyKey: `gateway:${first.event_id}` } });
    expect(payment).toMatchObject({ amountMinor: 100_000n, currency: 'CLP', paidOnIso: '2026-11-20', source: 'webhook' });
    // The same id with another amount is not the same event.
    expect((await post({ ...first, amount: '1' })).status).toBe(409);
  });

  it('the same event 20 times at once is applied once', async () => {
    const before = await balanceOf('CL-USD-0002');
    const same = event({ account_ref: 'CL-USD-0002', amount: '10.25', currency: 'USD' });
    const answers = await Promise.all(Array.from({ length: 20 }, () => post(same)));
    expect(answers.every((answer) => answer.status === 200)).toBe(true);
    expect(answers.filter((answer) => answer.body.applied === true)).toHaveLength(1);
    expect(await balanceOf('CL-USD-0002')).toBe(before - 1025n);
  });

  it('refuses a bad or missing signature with 401, and a bad body with 400 or 422, writing nothing', async () => {
    const count = await payments();
    const before = await balanceOf('CL-TC-0001');
    const valid = event();
    expect((await post(valid, { signature: null })).status).toBe(401);
    expect((await post(valid, { signature: sign(JSON.stringify(valid), 'another-secret-0123456789') })).status).toBe(401);
    expect((await post(valid, { signature: 'sha256=zz' })).status).toBe(401);
    const tampered = JSON.stringify(valid);
    expect((await post(null, { raw: tampered.replace('100000', '900000'), signature: sign(tampered) })).status).toBe(401);
    expect((await post(null, { raw: '{not json' })).status).toBe(400);
    expect((await post({ ...valid, amount: undefined })).status).toBe(400);
    const refusals: Array<[Record<string, string>, string]> = [
      [{ account_ref: 'NO-SUCH-ACCOUNT' }, 'unknown_account'],
      [{ currency: 'USD' }, 'currency_mismatch'],
      [{ amount: '100.5' }, 'invalid_amount'],
      [{ amount: '-100' }, 'invalid_amount'],
      [{ amount: '0' }, 'invalid_amount'],
      [{ amount: '1e5' }, 'invalid_amount'],
      [{ paid_at: 'yesterday at noon' }, 'invalid_date'],
    ];
    for (const [change, code] of refusals) {
      const answer = await post(event(change));
      expect({ change, status: answer.status, code: (answer.body.error as { code?: string } | undefined)?.code }).toEqual({
        change,
        status: 422,
        code,
      });
    }
    expect(await payments()).toBe(count);
    expect(await balanceOf('CL-TC-0001')).toBe(before);
  });

  it('200 payments at once over 10 accounts leave exact balances', async () => {
    const debtor = await app.database.prisma.debtor.findFirstOrThrow({ where: { externalId: 'DEMO-US-1' } });
    const refs = Array.from({ length: 10 }, (_, index) => `PAY-${index}`);
    for (const ref of refs)
      await app.database.prisma.account.create({
        data: {
          externalRef: ref,
          debtorId: debtor.id,
          product: 'loan',
          currency: 'USD',
          originalAmountMinor: 1_000_000n,
          balanceMinor: 1_000_000n,
          dueDateIso: '2026-10-01',
        },
      });
    const sent = Array.from({ length: 200 }, (_, index) =>
      event({
        account_ref: refs[index % 10] as string,
        currency: 'USD',
        amount: `${(index % 7) + 1}.${String(index % 100).padStart(2, '0')}`,
      }),
    );
    const answers = await Promise.all(sent.map((payload) => post(payload)));
    expect(answers.every((answer) => answer.status === 200 && answer.body.applied === true)).toBe(true);
    for (const [position, ref] of refs.entries()) {
      const paid = sent
        .filter((_, index) => index % 10 === position)
        .reduce((total, payload) => total + BigInt(payload.amount.replace('.', '')), 0n);
      expect(await balanceOf(ref)).toBe(1_000_000n - paid);
    }
  }, 60_000);

  it('answers 503 when no secret is configured', async () => {
    const bare = await startTestApp({ DATABASE_URL: `file:${join(folder, 'bare.db')}` });
    try {
      const response = await fetch(`${bare.url}/payments/webhook`, { method: 'POST', body: '{}', headers: { 'X-Signature': sign('{}') } });
      expect(response.status).toBe(503);
    } finally {
      await bare.close();
    }
  });
});
