import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { messagesFor } from '../../dialogs/messages/index.js';
import { makeBotHarness, type BotHarness, type TestConversation } from '../support/bot-harness.js';
import { seedDebtor } from '../support/seed.js';

// Amounts reach the dialogs as decimal strings and become minor units exactly (issue 14): never rounded, never a float.
const es = messagesFor('es');
let harness: BotHarness;
let accountId: string;

beforeAll(async () => {
  harness = await makeBotHarness();
  const seeded = await seedDebtor(harness.database.prisma, [{ currency: 'CLP', balanceMinor: 10_000 }]);
  accountId = seeded.accountIds[0] ?? '';
});
afterAll(async () => {
  await harness?.destroy();
});

/** A verified Chilean debtor with one CLP account of $10.000 (a promise may be $1.000 to $10.000), asked how much they will pay. */
async function askedForPromiseAmount(): Promise<TestConversation> {
  const chat = harness.conversation('es-CL');
  await chat.ask('hola');
  await chat.ask('ver mi saldo');
  expect(await chat.ask('17.090.571-7 29/02/1980')).toContain('$10.000');
  expect(await chat.ask('quiero prometer un pago')).toMatch(/Cuánto podrás pagar/);
  return chat;
}

async function promisesRecorded(): Promise<[bigint, string][]> {
  const promises = await harness.database.prisma.paymentPromise.findMany({ where: { accountId }, orderBy: { createdAt: 'asc' } });
  return promises.map((promise) => [promise.amountMinor, promise.dueDateIso]);
}

describe('amounts in a promise to pay', () => {
  it('refuses "1234,5" for a CLP account politely instead of rounding it or reading 12345, and takes "1235"', async () => {
    const chat = await askedForPromiseAmount();
    const refused = await chat.ask('1234,5');
    expect(refused).toContain(es.amountTooPrecise(0));
    expect(refused).toMatch(/Cuánto podrás pagar/);
    expect(refused).not.toMatch(/1\.235|12\.345/);
    expect(await chat.ask('1235')).toMatch(/Qué día pagarás/);
    expect(await chat.ask('el viernes')).toContain('pagarás $1.235 el');
    expect(await chat.ask('sí')).toContain('registré tu compromiso');
    expect(await promisesRecorded()).toEqual([[1235n, '2026-11-27']]);
  });

  it('refuses an amount beyond what the ledger holds exactly, and records nothing', async () => {
    const before = await promisesRecorded();
    const chat = await askedForPromiseAmount();
    const refused = await chat.ask('99999999999999999999');
    expect(refused).toContain(es.amountTooLarge);
    expect(refused).toMatch(/Cuánto podrás pagar/);
    expect(await promisesRecorded()).toEqual(before);
  });
});
