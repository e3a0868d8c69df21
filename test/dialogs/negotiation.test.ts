import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkOutboundContact, openDispute } from '../../ledger/index.js';
import { buttonsOf, makeBotHarness, type BotHarness, type TestConversation } from '../support/bot-harness.js';

let harness: BotHarness;
beforeAll(async () => {
  harness = await makeBotHarness();
});
afterAll(async () => {
  await harness?.destroy();
});

async function verifiedChat(locale: string, document: string, birthDate: string): Promise<TestConversation> {
  const chat = harness.conversation(locale);
  await chat.ask(locale.startsWith('en') ? 'hello' : 'hola');
  await chat.ask(locale.startsWith('en') ? 'check my balance' : 'ver mi saldo');
  await chat.ask(`${document} ${birthDate}`);
  return chat;
}

async function accountByRef(externalRef: string) {
  return harness.database.prisma.account.findUniqueOrThrow({
    where: { externalRef },
    include: { agreements: { include: { installments: true } } },
  });
}

describe('payment plans', () => {
  it('never offers more than 12 installments when asked for 24, and records the plan only after a clear yes', async () => {
    const chat = await verifiedChat('es-CL', '12.345.678-5', '14/03/1985');
    const which = await chat.say('quiero pagar en 24 cuotas');
    expect(buttonsOf(which.at(-1))).toHaveLength(2);
    const offer = await chat.say('1');
    const text = offer.map((reply) => reply.text).join('\n');
    expect(text).toContain('El máximo es 12 cuotas');
    expect(text).toContain('Cuota 12');
    expect(text).not.toContain('Cuota 13');
    expect(buttonsOf(offer.at(-1))).toEqual(['Aceptar', 'Cambiar', 'No, gracias', 'Hablar con una persona']);
    expect((await accountByRef('CL-TC-0001')).agreements).toHaveLength(0);
    expect(await chat.ask('sí')).toContain('quedó registrado');
    const account = await accountByRef('CL-TC-0001');
    const [agreement] = account.agreements;
    expect(agreement?.installmentCount).toBe(12);
    const sum = (agreement?.installments ?? []).reduce((total, item) => total + item.amountMinor, agreement?.downPaymentMinor ?? 0n);
    expect(sum).toBe(1_250_000n);
    expect(agreement?.downPaymentMinor).toBe(125_000n);
    expect(account.activeAgreementId).toBe(agreement?.id);
  });

  it('adjusts a plan when the debtor changes the count, in English', async () => {
    const chat = await verifiedChat('en-US', '4821', '04/12/1979');
    const first = await chat.ask('can I pay in 3 payments');
    expect(first).toContain('3 payments of');
    const changed = await chat.ask('make it 6 payments');
    expect(changed).toContain('6 payments of');
    expect(changed).toContain('Payment 6');
    expect(await chat.ask('no thanks')).toMatch(/didn't record/);
    expect((await accountByRef('US-PL-0003')).agreements).toHaveLength(0);
  });

  it('refuses a plan on a balance too small for installments and suggests paying in full', async () => {
    const chat = await verifiedChat('es-CL', '15.882.064-1', '01/12/1970');
    const reply = await chat.ask('quiero un plan de cuotas');
    expect(reply).toMatch(/muy bajo para un plan/);
    expect(reply).toContain('$10.000');
  });
});

describe('settlements, promises and claims', () => {
  it('never gives more than the allowed discount when asked for 50% off, and records the settlement', async () => {
    const chat = await verifiedChat('es-MX', 'LOHA900512MDFPRN09', '12/05/1990');
    const offer = await chat.ask('quiero liquidar todo si me hacen 50% de descuento');
    expect(offer).toContain('30%');
    expect(offer).toContain('$4,500.00');
    expect(offer).toContain('$10,500.00');
    expect(offer).toMatch(/máximo descuento/);
    expect(await chat.ask('sí')).toContain('quedó registrado');
    const [agreement] = (await accountByRef('MX-CC-0005')).agreements;
    expect(agreement).toMatchObject({ kind: 'settlement', discountMinor: 450_000n, agreedAmountMinor: 1_050_000n });
  });

  it('records a promise to pay after reading it back', async () => {
    const chat = await verifiedChat('es-PE', '45678912', '02/11/1990');
    const readBack = await chat.ask('puedo pagar 500 soles el viernes');
    expect(readBack).toContain('S/ 500.00');
    expect(readBack).toMatch(/27 de noviembre de 2026/);
    expect(await chat.ask('si')).toContain('registré tu compromiso');
    const promises = await harness.database.prisma.paymentPromise.findMany({ where: { account: { externalRef: 'PE-FS-0004' } } });
    expect(promises.map((promise) => [promise.amountMinor, promise.dueDateIso])).toEqual([[50_000n, '2026-11-27']]);
  });

  it('explains a promise outside the policy and asks again', async () => {
    const chat = await verifiedChat('es-CO', '1020304050', '21/07/1988');
    const reply = await chat.ask('pago 10 mil pesos el 5 de diciembre');
    expect(reply).toMatch(/monto mínimo es \$ ?87\.000/);
    expect(await harness.database.prisma.paymentPromise.count({ where: { account: { externalRef: 'CO-ST-0006' } } })).toBe(0);
  });

  it('records an already-paid claim for an agent without touching the balance', async () => {
    const chat = await verifiedChat('es-SV', '04567891-2', '30/09/1975');
    expect(await chat.ask('ya pagué esa deuda')).toMatch(/qué día/i);
    expect(await chat.ask('el 20 de noviembre')).toMatch(/monto/i);
    expect(await chat.ask('985.40 dólares')).toMatch(/agente lo verifique/);
    const claims = await harness.database.prisma.paymentClaim.findMany({ where: { account: { externalRef: 'SV-PP-0007' } } });
    expect(claims.map((claim) => [claim.amountMinor, claim.paidOnIso])).toEqual([[98_540n, '2026-11-20']]);
    expect((await accountByRef('SV-PP-0007')).balanceMinor).toBe(98_540n);
  });
});

describe('disputes, people and opt-outs', () => {
  it('puts a disputed account on hold, gives a reference and hands the conversation to people', async () => {
    const chat = await verifiedChat('en-US', '7394 01/15/1990', '');
    await chat.ask('0101');
    expect(await chat.ask('I want to file a complaint')).toMatch(/What's the problem/);
    expect(await chat.ask("It's not mine")).toMatch(/what happened/);
    const recorded = await chat.ask('I never had a card with you, 12345678');
    expect(recorded).toMatch(/reference DSP-[A-Z2-9]{6}/);
    const account = await accountByRef('US-CC-0008');
    expect(account.status).toBe('on_hold');
    const conversation = await harness.database.prisma.conversation.findFirstOrThrow({
      where: { channelConversationId: chat.conversationId },
      include: { handoffs: true },
    });
    expect(conversation.mode).toBe('queued');
    expect(conversation.handoffs.map((handoff) => [handoff.reason, handoff.priority])).toEqual([['dispute', 0]]);
    const dispute = await harness.database.prisma.dispute.findFirstOrThrow({ where: { account: { externalRef: 'US-CC-0008' } } });
    expect(dispute.category).toBe('not_mine');
    expect(await chat.ask('hello?')).toBe('');
  });

  it('offers nothing on a disputed account', async () => {
    const account = await accountByRef('CL-USD-0002');
    await openDispute(harness.ledger, {
      idempotencyKey: 'test-dispute-cl-usd',
      accountId: account.id,
      category: 'amount_wrong',
      text: 'monto',
      actor: { type: 'system' },
    });
    const chat = await verifiedChat('es-CL', '12.345.678-5', '14/03/1985');
    const reply = await chat.ask('quiero pagar el total');
    expect(reply).not.toMatch(/480,25.*descuento/);
    const balance = await chat.ask('cuanto debo');
    expect(balance).toMatch(/en revisión/);
  });

  it('hands over to a person on request, then stays silent', async () => {
    const chat = harness.conversation('es-CL');
    expect(await chat.ask('quiero hablar con una persona')).toMatch(/persona del equipo.*(siguiente en la fila|antes que tú en la fila)/s);
    expect(await chat.ask('hola??')).toBe('');
  });

  it("honours STOP: nothing more goes to that channel on the bot's own initiative", async () => {
    const chat = harness.conversation('en-US');
    expect(await chat.ask('STOP')).toMatch(/won't receive more messages/);
    const target = { channel: 'test', channelUserId: chat.userId, debtorId: null };
    expect(await checkOutboundContact(harness.ledger, target, 'service')).toEqual({ allowed: false, reason: 'opted_out' });
    expect(await checkOutboundContact(harness.ledger, target, 'collection')).toEqual({ allowed: false, reason: 'opted_out' });
  });

  it('discloses nothing more to the wrong person, even one who had verified, in this conversation or the next', async () => {
    const chat = harness.conversation('es-CL');
    expect(await chat.ask('15.882.064-1 01/12/1970')).toMatch(/\$15\.000/);
    expect(await chat.ask('número equivocado, no conozco a esa persona')).toMatch(/no corresponde/);
    const later = harness.conversation('es-CL', chat.userId);
    for (const [conversation, text] of [
      [chat, 'cuánto debo'],
      [chat, 'quiero pagar el total'],
      [later, 'cuánto debo'],
      [later, '01/12/1970'],
    ] as const) {
      const reply = await conversation.ask(text);
      expect(reply).not.toMatch(/15\.000|Pedro|telefonía|0010/);
    }
    expect(await checkOutboundContact(harness.ledger, { channel: 'test', channelUserId: chat.userId, debtorId: null }, 'service')).toEqual({
      allowed: false,
      reason: 'wrong_person',
    });
  });
});
