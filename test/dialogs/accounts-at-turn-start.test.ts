import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SqlRunner } from '../../ledger/db/sql-runner.js';
import { recordPayment } from '../../ledger/index.js';
import { makeBotHarness, type BotHarness, type TestConversation } from '../support/bot-harness.js';
import { testProviders } from '../support/temp-database.js';

/** Counts the statements that list a debtor's accounts on their own (not as part of the turn's opening read). */
function countingAccountLists(counter: { lists: number }) {
  return (sql: SqlRunner): SqlRunner => ({
    ...sql,
    query: (text, params) => {
      if (text.startsWith('SELECT') && text.includes('FROM "Account" WHERE "debtorId" = ?')) counter.lists += 1;
      return sql.query(text, params);
    },
  });
}

// On PostgreSQL the turn's opening read brings the linked debtor's accounts (dialogs/debtor.ts, accountsAtTurnStart):
// the balance and "how do I pay?" answers use them instead of a statement of their own. Each turn reads them afresh,
// so what changed between turns (a payment, an agreement) shows in the next answer.
describe.each(testProviders)('accounts read when the turn begins, on $provider', ({ provider, available }) => {
  const counter = { lists: 0 };
  let harness: BotHarness;
  beforeAll(async () => {
    if (!available) return;
    harness = await makeBotHarness({ provider, recognizer: 'trained', wrapSql: countingAccountLists(counter) });
  });
  afterAll(async () => {
    await harness?.destroy();
  });

  async function verifiedChat(): Promise<TestConversation> {
    const chat = harness.conversation('es-CL');
    await chat.ask('hola');
    await chat.ask('ver mi saldo');
    expect(await chat.ask('12.345.678-5 14/03/1985')).toContain('(terminada en 0001)');
    return chat;
  }

  it.skipIf(!available)('shows a payment made between two balance questions, and reads no accounts on its own on PostgreSQL', async () => {
    const chat = await verifiedChat();
    const account = await harness.database.prisma.account.findUniqueOrThrow({ where: { externalRef: 'CL-TC-0001' } });
    await recordPayment(harness.ledger, {
      idempotencyKey: `between-turns-${provider}`,
      accountId: account.id,
      amountMinor: 250_000,
      currency: 'CLP',
      paidOnIso: '2026-11-23',
      source: 'test',
      actor: { type: 'system' },
    });
    counter.lists = 0;
    const after = await chat.ask('¿cuánto debo?');
    expect(after).toContain('$1.000.000');
    expect(after).not.toContain('$1.250.000');
    expect(counter.lists).toBe(provider === 'postgresql' ? 0 : 1);
  });

  it.skipIf(!available)('"how do I pay?" the turn after a plan is agreed offers what is next due on it', async () => {
    const chat = await verifiedChat();
    await chat.ask('quiero pagar en 6 cuotas');
    await chat.ask('1');
    expect(await chat.ask('sí')).toContain('quedó registrado');
    expect(await chat.ask('¿cómo pago?')).toMatch(/^El próximo pago de tu acuerdo de la cuenta CL-TC-0001 vence el /);
  });

  it.skipIf(!available)('someone else who verifies in a conversation linked to another debtor sees only their own account', async () => {
    const chat = await verifiedChat();
    await chat.ask('no soy yo');
    await chat.ask('ver mi saldo');
    for (const reply of [await chat.ask('15.882.064-1 01/12/1970'), await chat.ask('¿cuánto debo?')]) {
      expect(reply).toContain('Servicio de telefonía (terminada en 0010): $15.000');
      expect(reply).not.toContain('terminada en 0001');
      expect(reply).not.toContain('terminada en 0002');
    }
  });
});
