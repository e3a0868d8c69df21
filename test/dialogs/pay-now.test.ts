import { TestAdapter, TurnContext, type Activity } from 'botbuilder-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { payNowTimeoutMs, sendPayNow } from '../../dialogs/pay-now.js';
import type { DialogServices, PayNowOffer, PayNowRequest } from '../../dialogs/services.js';
import { setTurnInfo, type TurnInfo } from '../../dialogs/turn.js';
import { defaultPolicy, openPaymentLink, recordPayment, type LedgerContext, type Policy } from '../../ledger/index.js';
import { makeBotHarness, type BotHarness, type TestConversation } from '../support/bot-harness.js';

// Issue 17: wherever the bot agrees an amount it offers a way to pay exactly that amount. The fake pay-now port
// below speaks the real protocol: the ledger itself decides the amount of the link from the account and the purpose.

/** What the fake port does: open a real link, return nothing due, or fail like a provider that is down. */
type PayNowMode = 'link' | 'nothing' | 'throw';

const bankDetails = 'Banco Demo · cuenta corriente 0012-3456-78';
const qrPng = 'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==';

/** A fake pay-now port on a harness's ledger: every request is kept; links come from the ledger's own `openPaymentLink`. */
function fakePayNow(ledgerOf: () => LedgerContext) {
  const requests: PayNowRequest[] = [];
  const offers: PayNowOffer[] = [];
  const state = { mode: 'link' as PayNowMode };
  const payNow = async (request: PayNowRequest): Promise<PayNowOffer | null> => {
    requests.push(request);
    if (state.mode === 'throw') throw new Error('checkout provider unreachable');
    if (state.mode === 'nothing') return null;
    const link = await openPaymentLink(ledgerOf(), {
      idempotencyKey: request.idempotencyKey,
      accountId: request.accountId,
      purpose: request.purpose,
      ...(request.promiseId === undefined ? {} : { promiseId: request.promiseId }),
      provider: 'simulator',
      conversationId: request.conversationId,
    });
    if (!link) return null;
    const offer: PayNowOffer = {
      amountMinor: link.amountMinor,
      currency: link.currency,
      url: `http://127.0.0.1:3978/pay/${link.id}`,
      bankReference: link.reference,
      bankDetails,
      qrPngDataUrl: request.withQr ? qrPng : null,
    };
    offers.push(offer);
    return offer;
  };
  return { payNow, requests, offers, state };
}

let harness: BotHarness;
const port = fakePayNow(() => harness.ledger);
beforeAll(async () => {
  harness = await makeBotHarness({ payNow: port.payNow });
});
afterAll(async () => {
  await harness?.destroy();
});
beforeEach(() => {
  port.requests.length = 0;
  port.offers.length = 0;
  port.state.mode = 'link';
});

async function verifiedChat(target: BotHarness, locale: string, identity: string, channelId = 'test'): Promise<TestConversation> {
  const chat = target.conversation(locale, undefined, channelId);
  await chat.ask(locale.startsWith('en') ? 'hello' : 'hola');
  await chat.ask(locale.startsWith('en') ? 'check my balance' : 'ver mi saldo');
  await chat.ask(identity);
  return chat;
}

async function accountId(target: BotHarness, externalRef: string): Promise<string> {
  return (await target.database.prisma.account.findUniqueOrThrow({ where: { externalRef } })).id;
}

function textOf(replies: Partial<Activity>[]): string {
  return replies.map((reply) => reply.text ?? '').join('\n---\n');
}

/** The one reply that offers to pay now (the one with the bank-transfer reference). */
function payNowReply(replies: Partial<Activity>[]): Partial<Activity> {
  const offers = replies.filter((reply) => /P-[0-9A-Z]{8}/.test(reply.text ?? ''));
  expect(offers).toHaveLength(1);
  return offers[0] ?? {};
}

describe('pay now after a plan', () => {
  it('offers to pay exactly the down payment right after the plan is recorded, with the link and the transfer reference', async () => {
    const chat = await verifiedChat(harness, 'es-CL', '12.345.678-5 14/03/1985', 'telegram');
    await chat.ask('quiero pagar en 24 cuotas');
    await chat.ask('1');
    const replies = await chat.say('sí');
    const reply = payNowReply(replies);
    const [request] = port.requests;
    expect(port.requests).toHaveLength(1);
    expect(request).toMatchObject({ accountId: await accountId(harness, 'CL-TC-0001'), purpose: 'down_payment', country: 'CL' });
    expect(request).not.toHaveProperty('amountMinor');
    expect(request?.withQr).toBe(false);
    const agreement = await harness.database.prisma.agreement.findFirstOrThrow({ where: { account: { externalRef: 'CL-TC-0001' } } });
    expect(agreement.downPaymentMinor).toBe(125_000n);
    const [offer] = port.offers;
    expect(offer?.amountMinor).toBe(125_000);
    expect(reply.text).toMatch(/¡Listo! Tu plan quedó registrado \(referencia AGR-[0-9A-F]{8}\)\./);
    expect(reply.text).toContain(`Puedes pagar ahora $125.000 en este enlace:\n${offer?.url}`);
    expect(reply.text).toContain(`O por transferencia bancaria, indicando la referencia ${offer?.bankReference}:\n${bankDetails}`);
    expect(reply.text).not.toMatch(/Puedes pagar por:/);
    // Telegram: one plain-text message, no image and no URL button.
    expect(reply.attachments ?? []).toEqual([]);
    expect(reply.suggestedActions).toBeUndefined();
    expect((reply.text ?? '').length).toBeLessThan(4096);
  });

  it('shows the link as a QR code in the same message on the web chat', async () => {
    const chat = await verifiedChat(harness, 'en-US', '4821 04/12/1979', 'webchat');
    await chat.ask('can I pay in 3 payments');
    const reply = payNowReply(await chat.say('Accept'));
    expect(port.requests.map((request) => [request.purpose, request.withQr])).toEqual([['down_payment', true]]);
    const [offer] = port.offers;
    expect(reply.text).toContain(`You can pay $245.08 now at this link:\n${offer?.url}`);
    expect(reply.text).toContain(`Or by bank transfer, quoting the reference ${offer?.bankReference}`);
    expect(reply.attachments).toEqual([{ contentType: 'image/png', contentUrl: qrPng, name: 'QR code to pay' }]);
  });
});

describe('pay now after a settlement, a promise and a plain "pay in full"', () => {
  it('offers the settlement amount once the settlement is recorded', async () => {
    const chat = await verifiedChat(harness, 'es-MX', 'LOHA900512MDFPRN09 12/05/1990');
    await chat.ask('quiero liquidar todo si me hacen 50% de descuento');
    const replies = await chat.say('sí');
    expect(port.requests.map((request) => [request.purpose, request.accountId])).toEqual([
      ['settlement', await accountId(harness, 'MX-CC-0005')],
    ]);
    const text = payNowReply(replies).text;
    expect(text).toContain('Listo, quedó registrado: pagarás $10,500.00');
    expect(text).toContain('Puedes pagar ahora $10,500.00 en este enlace:');
  });

  it('offers the promised amount, naming the promise just recorded', async () => {
    const chat = await verifiedChat(harness, 'es-PE', '45678912 02/11/1990');
    await chat.ask('puedo pagar 500 soles el viernes');
    const replies = await chat.say('si');
    const promise = await harness.database.prisma.paymentPromise.findFirstOrThrow({ where: { account: { externalRef: 'PE-FS-0004' } } });
    expect(port.requests).toHaveLength(1);
    expect(port.requests[0]).toMatchObject({ purpose: 'promise', promiseId: promise.id, country: 'PE' });
    const text = payNowReply(replies).text;
    expect(text).toContain('Gracias, registré tu compromiso de pagar S/ 500.00 el 27 de noviembre de 2026.');
    expect(text).toContain('Puedes pagar ahora S/ 500.00 en este enlace:');
  });

  it('offers the whole balance when paying in full brings no discount', async () => {
    const chat = await verifiedChat(harness, 'es-CL', '15.882.064-1 01/12/1970');
    const replies = await chat.say('pagar el total');
    expect(port.requests.map((request) => request.purpose)).toEqual(['full']);
    const text = payNowReply(replies).text;
    expect(text).toContain('El total a pagar es $15.000.');
    expect(text).toContain('Puedes pagar ahora $15.000 en este enlace:');
  });
});

describe('when there is no way to pay now', () => {
  it('lists how to pay when the provider fails, and the conversation goes on', async () => {
    port.state.mode = 'throw';
    const chat = await verifiedChat(harness, 'es-SV', '04567891-2 30/09/1975');
    await chat.ask('pagar el total');
    const reply = await chat.ask('sí');
    expect(port.requests.map((request) => request.purpose)).toEqual(['settlement']);
    expect(reply).toContain('quedó registrado');
    expect(reply).toContain('Puedes pagar por:\n•');
    expect(reply).not.toMatch(/problema técnico|P-[0-9A-Z]{8}|enlace/);
    expect(await chat.ask('cuánto debo')).toMatch(/Préstamo personal \(terminada en 0007\)/);
  });

  it('lists how to pay when nothing is due for the purpose', async () => {
    port.state.mode = 'nothing';
    const chat = await verifiedChat(harness, 'en-US', '7394 01/15/1990');
    await chat.ask('0202');
    const reply = await chat.ask('pagar el total');
    expect(port.requests).toHaveLength(1);
    expect(reply).toContain('El total a pagar es $96.30.\n\nPuedes pagar por:\n•');
  });
});

describe('a plan without a down payment', () => {
  const zeroDown: Policy = { ...defaultPolicy, installments: { ...defaultPolicy.installments, minDownPaymentBasisPoints: 0 } };
  let noDown: BotHarness;
  const noDownPort = fakePayNow(() => noDown.ledger);
  beforeAll(async () => {
    noDown = await makeBotHarness({ payNow: noDownPort.payNow, policy: zeroDown });
  });
  afterAll(async () => {
    await noDown?.destroy();
  });

  it('offers exactly the next installment (the first one, which carries the rounding)', async () => {
    const chat = await verifiedChat(noDown, 'es-CL', '12.345.678-5 14/03/1985');
    await chat.ask('quiero un plan de cuotas');
    const offered = await chat.ask('1');
    expect(offered).not.toMatch(/Pie/);
    const replies = await chat.say('sí');
    expect(noDownPort.requests.map((request) => request.purpose)).toEqual(['installment']);
    const agreement = await noDown.database.prisma.agreement.findFirstOrThrow({ include: { installments: true } });
    expect(agreement.downPaymentMinor).toBe(0n);
    const first = agreement.installments.find((item) => item.sequence === 1);
    expect(first?.amountMinor).toBe(104_174n);
    expect(payNowReply(replies).text).toContain('Puedes pagar ahora $104.174 en este enlace:');
  });
});

describe('the idempotency key of the link', () => {
  /** Runs `sendPayNow` for a turn of `activityId` in ledger conversation "conv-1" on `channel`; returns what it sent. */
  async function offerOnce(services: DialogServices, activityId: string, channel = 'webchat'): Promise<Partial<Activity>[]> {
    const adapter = new TestAdapter(async () => undefined, { channelId: channel });
    const activity = { ...adapter.makeActivity('sí'), id: activityId };
    const context = new TurnContext(adapter, activity);
    const info: TurnInfo = {
      ledger: services.ledger,
      conversationId: 'conv-1',
      channel,
      channelUserId: 'u-1',
      language: 'es',
      timezone: 'America/Santiago',
      offered: [],
      recognition: { intent: 'affirm', score: 1, entities: {} },
      sensitive: false,
      notUnderstood: false,
      memory: {
        verified: { debtorId: 'd-1', firstName: 'María', language: 'es', country: 'CL', timezone: 'America/Santiago' },
      },
    };
    setTurnInfo(context, info);
    const sent: Partial<Activity>[] = [];
    context.onSendActivities(async (_context, activities, next) => {
      sent.push(...activities);
      return next();
    });
    await sendPayNow(context, services, {
      accountId: 'acc-1',
      purpose: 'installment',
      keyBase: `conv-1:${activityId}:plan`,
      lead: 'Listo.',
    });
    return sent;
  }

  it('is the same when the same turn is replayed (a redelivered activity), and differs for another turn', async () => {
    const requests: PayNowRequest[] = [];
    const services = {
      ledger: harness.ledger,
      paymentMethods: () => ['Transferencia'],
      payNow: (request: PayNowRequest) => {
        requests.push(request);
        return Promise.resolve({
          amountMinor: 104_167,
          currency: 'CLP',
          url: 'https://pay.example/x',
          bankReference: 'P-7K3M9Q2A',
          bankDetails: null,
          qrPngDataUrl: qrPng,
        } satisfies PayNowOffer);
      },
    } as unknown as DialogServices;
    const [first] = await offerOnce(services, 'act-7');
    await offerOnce(services, 'act-7');
    await offerOnce(services, 'act-8');
    const keys = requests.map((request) => request.idempotencyKey);
    expect(keys[0]).toBe(keys[1]);
    expect(keys[2]).not.toBe(keys[0]);
    expect(first?.text).toBe(
      'Listo.\n\nPuedes pagar ahora $104.167 en este enlace:\nhttps://pay.example/x\n\nO por transferencia bancaria, indicando la referencia P-7K3M9Q2A.',
    );
  });

  it('lists how to pay when the provider does not answer in time, and the turn still ends', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    try {
      const services = {
        ledger: harness.ledger,
        paymentMethods: () => ['Transferencia'],
        payNow: () => new Promise<PayNowOffer | null>(() => undefined),
      } as unknown as DialogServices;
      const pending = offerOnce(services, 'act-9', 'telegram');
      await vi.advanceTimersByTimeAsync(payNowTimeoutMs);
      const [sent] = await pending;
      expect(sent?.text).toBe('Listo.\n\nPuedes pagar por:\n• Transferencia');
    } finally {
      vi.useRealTimers();
    }
  });

  it('the bot answers a redelivered "sí" once and asks for one link', async () => {
    const chat = await verifiedChat(harness, 'es-CO', '1020304050 21/07/1988');
    await chat.ask('quiero un plan de cuotas');
    const yes = { ...chat.adapter.makeActivity('sí'), id: 'redelivered-yes' };
    expect(textOf(await chat.say(yes))).toMatch(/quedó registrado/);
    expect(await chat.say(yes)).toEqual([]);
    expect(port.requests).toHaveLength(1);
  });
});

describe('off script, right after the link', () => {
  let trained: BotHarness;
  const trainedPort = fakePayNow(() => trained.ledger);
  beforeAll(async () => {
    trained = await makeBotHarness({ recognizer: 'trained', payNow: trainedPort.payNow });
  });
  afterAll(async () => {
    await trained?.destroy();
  });

  it('"how do I pay?" later, with the plan in force, offers what is next due on it (the down payment, then installment 1)', async () => {
    const chat = await verifiedChat(trained, 'es-CL', '12.345.678-5 14/03/1985', 'telegram');
    await chat.ask('quiero pagar en 6 cuotas');
    await chat.ask('1');
    await chat.ask('sí');
    const agreed = trainedPort.offers[0];
    const first = await chat.ask('¿cómo pago?');
    expect(first).toMatch(/^El próximo pago de tu acuerdo de la cuenta CL-TC-0001 vence el /);
    expect(first).toContain('Puedes pagar ahora $125.000 en este enlace:');
    expect(trainedPort.requests.map((request) => request.purpose)).toEqual(['down_payment', 'down_payment']);
    // The same part, asked again in the same conversation, is the same link.
    await chat.ask('como pago');
    expect(trainedPort.offers[2]?.url).toBe(trainedPort.offers[1]?.url);
    expect(trainedPort.offers[1]?.url).not.toBe(agreed?.url);
    // Once the down payment is paid, what is next is installment 1, for exactly its amount.
    const account = await trained.database.prisma.account.findUniqueOrThrow({ where: { externalRef: 'CL-TC-0001' } });
    await recordPayment(trained.ledger, {
      idempotencyKey: `paid-down-${account.id}`,
      accountId: account.id,
      amountMinor: 125_000,
      currency: 'CLP',
      paidOnIso: '2026-11-23',
      source: 'test',
      actor: { type: 'system' },
    });
    const next = await chat.ask('¿cómo pago?');
    const installment = await trained.database.prisma.installment.findFirstOrThrow({
      where: { agreement: { accountId: account.id, status: 'active' }, sequence: 1 },
    });
    expect(trainedPort.requests.at(-1)?.purpose).toBe('installment');
    expect(trainedPort.offers.at(-1)?.amountMinor).toBe(Number(installment.amountMinor));
    expect(next).toContain(`Puedes pagar ahora $${new Intl.NumberFormat('es-CL').format(Number(installment.amountMinor))} en este enlace:`);
    await trained.database.prisma.agreement.updateMany({ where: { accountId: account.id }, data: { status: 'cancelled' } });
    await trained.database.prisma.account.update({
      where: { id: account.id },
      data: { activeAgreementId: null, balanceMinor: 1_250_000n },
    });
  });

  it('after the link, "ya pagué", "cómo pago?" and "pay now" get the usual answers, and no new link is made', async () => {
    const before = trainedPort.requests.length;
    const chat = await verifiedChat(trained, 'es-PE', '45678912 02/11/1990');
    await chat.ask('puedo pagar 500 soles el viernes');
    expect(await chat.ask('si')).toContain('Puedes pagar ahora S/ 500.00 en este enlace:');
    expect(await chat.ask('ya pagué')).toMatch(/Qué día hiciste el pago/);
    expect(await chat.ask('cómo pago?')).toMatch(/^Puedes pagar por:\n• Yape o Plin/);
    const payNow = await chat.ask('pay now');
    expect(payNow).toMatch(/If you pay in full by/);
    expect(payNow).not.toMatch(/technical problem|problema técnico/);
    expect(trainedPort.requests.slice(before).map((request) => request.purpose)).toEqual(['promise']);
  });

  it('"ya pagué" after paying through the link: the bot finds the payment, says it is applied, and closes the claim', async () => {
    const chat = await verifiedChat(trained, 'es-PE', '45678912 02/11/1990');
    const account = await trained.database.prisma.account.findFirstOrThrow({ where: { debtor: { documentNumberNormalized: '45678912' } } });
    const balance = Number(account.balanceMinor);
    await recordPayment(trained.ledger, {
      idempotencyKey: `paid-through-link-${account.id}`,
      accountId: account.id,
      amountMinor: 20_000,
      currency: account.currency,
      paidOnIso: '2026-11-23',
      source: 'simulator',
      actor: { type: 'system' },
    });
    expect(await chat.ask('ya pagué')).toMatch(/Qué día hiciste el pago/);
    await chat.ask('hoy');
    const answer = await chat.ask('200 soles');
    expect(answer).toContain('Ya tenemos registrado tu pago de S/ 200.00');
    expect(answer).toContain(
      `Saldo actual: S/ ${new Intl.NumberFormat('en-US', { minimumFractionDigits: 2 }).format((balance - 20_000) / 100)}`,
    );
    const claim = await trained.database.prisma.paymentClaim.findFirstOrThrow({
      where: { accountId: account.id },
      orderBy: { createdAt: 'desc' },
    });
    expect(claim.status).toBe('confirmed');
    // A claim of an amount the ledger does not have stays open for an agent.
    expect(await chat.ask('ya pagué')).toMatch(/Qué día hiciste el pago/);
    await chat.ask('hoy');
    expect(await chat.ask('350 soles')).not.toContain('Ya tenemos registrado');
  });

  it('a stranger who types the same gets no amount, no link and no reference: only the identity check', async () => {
    const before = trainedPort.requests.length;
    const stranger = trained.conversation('es-CL');
    const replies = [await stranger.ask('pay now'), await stranger.ask('cómo pago?'), await stranger.ask('ya pagué')];
    expect(replies[0]).toMatch(/confirm your identity/);
    expect(replies[2]).toMatch(/confirmar tu identidad/);
    for (const reply of replies) expect(reply).not.toMatch(/\$|S\/ |PEN|USD|\d\.\d{3}|P-[0-9A-Z]{8}|https?:/);
    expect(trainedPort.requests).toHaveLength(before);
  });
});
