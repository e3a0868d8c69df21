import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningApp } from '../../app.js';
import { importPortfolio, writeSyntheticPortfolio } from '../../ledger/index.js';
import { startTestApp } from '../support/test-app.js';
import { openChat } from './direct-line-client.js';
import { activePlanOf } from '../support/active-plan.js';

const folder = mkdtempSync(join(tmpdir(), 'e2e-webchat-'));
let app: RunningApp;

beforeAll(async () => {
  app = await startTestApp({
    DATABASE_URL: `file:${join(folder, 'ledger.db')}`,
    LENDER_NAME: 'Banco Demo',
    WEBCHAT_TOKENS_PER_MINUTE: '1000',
  });
}, 60_000);
afterAll(async () => {
  await app?.close();
  rmSync(folder, { recursive: true, force: true });
});

describe.each([true, false])('the bot over Direct Line (webSocket: %s)', (webSocket) => {
  it('verifies, tells the balance and records a plan with exact sums', async () => {
    const chat = await openChat(app.url, { webSocket });
    try {
      await chat.say('cuanto debo', /documento/);
      const balance = await chat.say('12.345.678-5 14/03/1985', /1\.250\.000/);
      expect(balance).toMatch(/US\$\s?480,25/);
      await chat.say('quiero pagar en 6 cuotas', /cuál cuenta/);
      const offer = await chat.say('1', /Confirmas este plan/);
      expect(offer).toContain('Cuota 6');
      await chat.say('sí', /quedó registrado/);
      const plan = await activePlanOf(app.database, 'CL-TC-0001');
      expect(plan.installments).toBe(6);
      expect(plan.totalMinor).toBe(1_250_000n);
      await app.database.prisma.agreement.updateMany({ where: { accountId: plan.accountId }, data: { status: 'cancelled' } });
      await app.database.prisma.account.update({ where: { id: plan.accountId }, data: { activeAgreementId: null } });
    } finally {
      chat.end();
    }
  });
});

describe('isolation between conversations', () => {
  it('refuses to show one conversation to another conversation token', async () => {
    const first = await openChat(app.url, { webSocket: false });
    const second = await openChat(app.url, { webSocket: false });
    try {
      await first.say('hola', /Banco Demo/);
      await second.say('hola', /Banco Demo/);
      const response = await fetch(`${app.url}/v3/directline/conversations/${first.conversationId()}/activities`, {
        headers: { authorization: `Bearer ${second.token()}` },
      });
      expect(response.status).toBe(403);
      const post = await fetch(`${app.url}/v3/directline/conversations/${first.conversationId()}/activities`, {
        method: 'POST',
        headers: { authorization: `Bearer ${second.token()}`, 'content-type': 'application/json' },
        body: JSON.stringify({ type: 'message', text: 'hola', from: { id: 'x' } }),
      });
      expect(post.status).toBe(403);
    } finally {
      first.end();
      second.end();
    }
  });

  it('50 debtors verifying in parallel each see only their own data', async () => {
    const file = join(folder, 'fifty.csv');
    await writeSyntheticPortfolio(file, { accounts: 120, seed: 5, prefix: 'P50-' });
    const imported = await importPortfolio(app.database, file, { todayIso: '2026-11-23' });
    expect(imported.ok).toBe(true);
    const debtors = await app.database.prisma.debtor.findMany({
      where: { externalId: { startsWith: 'P50-' } },
      include: { accounts: true },
    });
    const unique = debtors.filter(
      (debtor) =>
        debtors.filter(
          (other) => other.documentNumberNormalized === debtor.documentNumberNormalized && other.dateOfBirthIso === debtor.dateOfBirthIso,
        ).length === 1 && debtor.accounts.length === 1,
    );
    const chosen = unique.slice(0, 50);
    expect(chosen).toHaveLength(50);
    const results = await Promise.all(
      chosen.map(async (debtor) => {
        const chat = await openChat(app.url, { webSocket: true, locale: debtor.language === 'en' ? 'en-US' : 'es-CL' });
        try {
          await chat.say(debtor.language === 'en' ? 'how much do I owe' : 'cuanto debo', /document|ID number/i, 30_000);
          const [year, month, day] = debtor.dateOfBirthIso.split('-');
          const date = debtor.language === 'en' ? `${month}/${day}/${year}` : `${day}/${month}/${year}`;
          const reply = await chat.say(`${debtor.documentNumber} ${date}`, /terminada en|ending in/, 30_000);
          return { debtor, reply };
        } finally {
          chat.end();
        }
      }),
    );
    for (const { debtor, reply } of results) {
      const ownTail = debtor.accounts[0]!.externalRef.slice(-4);
      expect(reply).toContain(ownTail);
      for (const other of chosen) if (other.id !== debtor.id) expect(reply).not.toContain(`${other.accounts[0]!.externalRef.slice(-4)})`);
    }
  }, 120_000);
});
