import { beforeAll, describe, expect, it } from 'vitest';
import { testNow, useClockedHarness, type BotHarness } from '../support/bot-harness.js';

// What strangers do that no dialog expects: come back a week later, greet mid-question, name options in
// words, type dates without separators, give a phone number unasked. Reading what they type is part of the subject,
// so this file runs the trained recognizer, not the fixed phrase table.
const clocked = useClockedHarness('trained');
let harness: BotHarness;
beforeAll(() => {
  harness = clocked.harness();
});

const maria = '12.345.678-5 14/03/1985';
const pedro = '15.882.064-1 01/12/1970';

/** María, verified, with a plan offered on her first (or `account`) account and the confirmation asked. */
async function planOfferedToMaria(account = '1') {
  const chat = harness.conversation('es-CL');
  await chat.ask(maria);
  await chat.ask('quiero un plan de cuotas');
  expect(await chat.ask(account)).toMatch(/Confirmas este plan/);
  return chat;
}

describe('coming back later', () => {
  it('a "sí" a week after a plan was offered does not accept it: the old question is forgotten', async () => {
    const chat = await planOfferedToMaria();
    const weekLater = new Date(testNow.getTime() + 7 * 24 * 3_600_000);
    expect(await clocked.at(weekLater, () => chat.ask('sí'))).not.toMatch(/registrado/);
    expect(await harness.database.prisma.agreement.count()).toBe(0);
  });

  it('"hola" in the middle of a question starts again with the greeting', async () => {
    const chat = harness.conversation('es-CL');
    await chat.ask(maria);
    await chat.ask('prometo pagar');
    await chat.ask('1');
    expect(await chat.ask('hola')).toMatch(/Banco Demo/);
    expect(await chat.ask('2')).toMatch(/cuál cuenta|total a pagar|descuento/);
  });
});

describe('the way people type', () => {
  it('chooses an account by an ordinal in words', async () => {
    const chat = harness.conversation('es-CL');
    await chat.ask(maria);
    expect(await chat.ask('quiero un plan')).toMatch(/cuál cuenta/);
    expect(await chat.ask('la segunda')).toMatch(/Total: US\$480,25/);
  });

  it('chooses an account by its last digits', async () => {
    const chat = harness.conversation('es-CL');
    await chat.ask(maria);
    expect(await chat.ask('ya pagué')).toMatch(/cuál cuenta/);
    expect(await chat.ask('la cuenta terminada en 0002')).toMatch(/Qué día hiciste el pago/);
  });

  it('takes the account a request names by its currency, and asks only when the currency does not tell them apart', async () => {
    const chat = harness.conversation('es-CL');
    await chat.ask(maria);
    const reply = await chat.ask('quiero pagar la tarjeta en dólares');
    expect(reply).toMatch(/US\$480,25/);
    expect(reply).not.toMatch(/cuál cuenta|1\.250\.000/);
    expect(await chat.ask('quiero pagar la tarjeta')).toMatch(/cuál cuenta/);
    expect(await chat.ask('la de pesos')).toMatch(/descuento del 30% \(\$375\.000\)/);
  });

  it('reads a date of birth typed without separators where the date is asked', async () => {
    const chat = harness.conversation('es-CL');
    expect(await chat.ask('12.345.678-5')).toMatch(/fecha de nacimiento/);
    expect(await chat.ask('14031985')).toMatch(/1\.250\.000/);
  });

  it('verifies with a masked SSN and a month-first Spanish date, the way people write them', async () => {
    const english = harness.conversation('en-US');
    expect(await english.ask('xxx-xx-4821')).toMatch(/date of birth/);
    expect(await english.ask('1979-04-12')).toMatch(/Thank you, John/);
    const spanish = harness.conversation('es-CL');
    expect(await spanish.ask('12.345.678-5')).toMatch(/fecha de nacimiento/);
    expect(await spanish.ask('marzo 14 de 1985')).toMatch(/Gracias, María/);
  });

  it('does not take a phone number given unasked as a document', async () => {
    const chat = harness.conversation('es-CL');
    const reply = await chat.ask('mi celular es 912345678');
    expect(reply).not.toMatch(/fecha de nacimiento|No pude confirmar/);
  });

  it('keeps the document when the date is asked and a number without a date comes instead', async () => {
    const chat = harness.conversation('es-CL');
    await chat.ask('12.345.678-5');
    expect(await chat.ask('1985')).toMatch(/No logré leer la fecha/);
    expect(await chat.ask('14/03/1985')).toMatch(/1\.250\.000/);
  });

  it('answers "no" to "what next?" with a goodbye, not a misunderstanding', async () => {
    const chat = harness.conversation('es-CL');
    await chat.ask(maria);
    expect(await chat.ask('no')).toMatch(/Gracias por escribir/);
  });

  it('hears "what if I can\'t pay at all?" while an account is being chosen: hardship, not the account question again', async () => {
    const chat = harness.conversation('en-US');
    await chat.ask(maria);
    expect(await chat.ask('I want a payment plan')).toMatch(/Which account/);
    const reply = await chat.ask("what if I can't pay at all?");
    expect(reply).toMatch(/hard time/);
    expect(reply).not.toMatch(/Which account|pay in full|settle/i);
    expect(await chat.ask('Plan with lower payments')).toMatch(/Which account/);
    // The plan it then shows says it is the lowest the policy allows, not "a plan for you" as if it were new.
    const offer = await chat.ask('1');
    expect(offer).toMatch(/lowest payments I can offer/);
    expect(offer).toMatch(/12 payments/);
  });

  it('hears "y si no puedo pagar nada?" mid-question in Spanish too', async () => {
    const chat = harness.conversation('es-CL');
    await chat.ask(maria);
    expect(await chat.ask('quiero un plan')).toMatch(/cuál cuenta/);
    const reply = await chat.ask('y si no puedo pagar nada?');
    expect(reply).toMatch(/momento difícil|situación/);
    expect(reply).not.toMatch(/cuál cuenta/);
  });

  it('takes identity and a request in one message, and does the request', async () => {
    const chat = harness.conversation('es-PE');
    const reply = await chat.ask('mi dni es 45678912, nací el 02/11/1990 y quiero pagar en cuotas');
    expect(reply).toMatch(/Carlos/);
    expect(reply).toMatch(/Confirmas este plan/);
  });
});

describe('promises as people make them', () => {
  it('takes "me pagan el 30" at the amount question as the day, not as an amount of 30, and asks the amount again', async () => {
    const chat = harness.conversation('es-CL');
    await chat.ask(pedro);
    const question = await chat.ask('quiero prometer un pago');
    const minimum = /entre \$?([\d.]+)/.exec(question)?.[1];
    expect(minimum, question).toBeDefined();
    const again = await chat.ask('me pagan el 30');
    expect(again).not.toMatch(/mínimo/);
    expect(again).toMatch(/Cuánto podrás pagar/);
    expect(await chat.ask(minimum ?? '')).toMatch(/el 30 de noviembre/);
  });

  it('refuses an amount below the minimum at once, before asking for the day', async () => {
    const chat = harness.conversation('es-CL');
    await chat.ask(pedro);
    await chat.ask('quiero prometer un pago');
    const reply = await chat.ask('100');
    expect(reply).toMatch(/monto mínimo/);
    expect(reply).toMatch(/Cuánto podrás pagar/);
    expect(reply).not.toMatch(/Qué día/);
  });

  it('keeps the amount when the day is too far away, and asks only for another day', async () => {
    const chat = harness.conversation('es-CL');
    await chat.ask(pedro);
    expect(await chat.ask('prometo pagar 10000')).toMatch(/Qué día pagarás/);
    const reply = await chat.ask('el 20 de enero');
    expect(reply).toMatch(/Qué día pagarás/);
    expect(reply).not.toMatch(/Cuánto/);
    expect(await chat.ask('el viernes')).toMatch(/pagarás \$10\.000 el 27 de noviembre/);
  });

  it('says a payday too far away at once, before asking the amount, and then asks for another day', async () => {
    const chat = harness.conversation('en-US');
    await chat.ask('4821 04/12/1979');
    const reply = await chat.ask('I get paid on the 15th, can I pay then?');
    expect(reply).toMatch(/can't be later than December 8, 2026/);
    expect(reply).toMatch(/How much will you pay/);
    expect(await chat.ask('300')).toMatch(/On what day will you pay/);
    expect(await chat.ask('friday')).toMatch(/\$300\.00 on November 27, 2026/);
  });
});

describe('amounts are exact', () => {
  it('refuses politely an amount with more decimals than the currency has, never rounding it', async () => {
    const chat = harness.conversation('es-CL');
    await chat.ask('15.882.064-1 01/12/1970');
    const reply = await chat.ask('prometo pagar 10000,5 pesos el viernes');
    expect(reply).toMatch(/más decimales/);
    expect(reply).toMatch(/Cuánto podrás pagar/);
    expect(await chat.ask('10000')).toMatch(/pagarás \$10\.000 el/);
  });

  it('takes two decimals in dollars exactly and refuses three', async () => {
    const chat = harness.conversation('en-US');
    await chat.ask('4821 04/12/1979');
    const reply = await chat.ask('I promise to pay $300.555 on Friday');
    expect(reply).toMatch(/more decimals/);
    expect(await chat.ask('$300.55')).toMatch(/\$300\.55 on/);
  });
});

describe('questions back', () => {
  it('answers "how did you get my number?" with who writes and for whom, not with how to pay', async () => {
    const chat = harness.conversation('en-US');
    const reply = await chat.ask('how did you get my number?');
    expect(reply).toMatch(/virtual assistant of Banco Demo/);
    expect(reply).not.toMatch(/You can pay by|\$/);
  });

  it('asks for identity first when a stranger asks what the debt is about', async () => {
    const chat = harness.conversation('en-US');
    const reply = await chat.ask('is this about my car loan?');
    expect(reply).toMatch(/confirm your identity/);
    expect(reply).not.toMatch(/\$|loan \(ending/);
  });

  it('hears a monthly amount beside a plea of hardship, and says why it cannot be that low', async () => {
    const chat = harness.conversation('en-US');
    await chat.ask('4821 04/12/1979');
    const reply = await chat.ask("I can't afford this right now, maybe $50 a month?");
    expect(reply).toMatch(/\$50\.00 a month would take more than the 12 payments I can offer; the lowest monthly payment is \$183\.80/);
    expect(reply).not.toMatch(/the minimum payment is \$25/);
    expect(await chat.ask('what about 100 a month')).toMatch(/\$100\.00 a month would take more than the 12 payments/);
  });

  it('lets the identity question go without claiming not to understand, when the debtor keeps asking for something else', async () => {
    const chat = harness.conversation('es-CL');
    expect(await chat.ask('14/03/1985')).toMatch(/número de documento/);
    expect(await chat.ask('cuotas de 200 mil')).toMatch(/primero necesito confirmar tu identidad/);
    expect(await chat.ask('quiero cuotas de 200 mil')).toMatch(/primero necesito confirmar tu identidad/);
    const reply = await chat.ask('te pago 200 mil');
    expect(reply).toMatch(/Dejemos esa pregunta/);
    expect(reply).not.toMatch(/Sigo sin entenderte|\$/);
  });
});

describe('contesting the debt', () => {
  it('takes "the amount is wrong, I only owed 1500" as a dispute of the amount and records it', async () => {
    const chat = harness.conversation('en-US');
    await chat.ask('4821 04/12/1979');
    expect(await chat.ask('the amount is wrong, I only owed 1500')).toMatch(/tell me briefly what happened/);
    expect(await chat.ask('they charged fees I never agreed to')).toMatch(/recorded your dispute with reference DSP-/);
  });

  it('answers "me hacen el 50%?" with the settlement the policy allows, not with a plan', async () => {
    const chat = harness.conversation('es-CL');
    await chat.ask(pedro);
    const reply = await chat.ask('me hacen el 50%?');
    expect(reply).toMatch(/máximo descuento que puedo ofrecerte/);
    expect(reply).not.toMatch(/Te propongo este plan|cuotas de/);
  });

  it('switches language when asked around the name ("in spanish por favor")', async () => {
    const chat = harness.conversation('en-US');
    await chat.ask('4821 04/12/1979');
    expect(await chat.ask('in spanish por favor')).toMatch(/seguimos en español/);
    expect(await chat.ask('ok')).toMatch(/¿Qué te gustaría hacer?|Puedo mostrarte/);
  });
});

describe('situations a bot must not negotiate', () => {
  async function modeOf(channelConversationId: string): Promise<string> {
    return (await harness.database.prisma.conversation.findFirstOrThrow({ where: { channelConversationId } })).mode;
  }

  it('hands a relative who says the debtor has died to a person, and tells them nothing about the debt', async () => {
    const chat = harness.conversation('es-CL');
    const reply = await chat.ask('el titular falleció el mes pasado, este era su teléfono');
    expect(reply).toMatch(/persona del equipo/);
    expect(reply).not.toMatch(/\$|saldo|deuda|cuenta|RUT|fecha de nacimiento|cuándo pagaste/i);
    expect(await modeOf(chat.conversationId)).toBe('queued');
  });

  it('tells a relative asking about the debtor nothing, and hands them to a person', async () => {
    const chat = harness.conversation('es-CL');
    const reply = await chat.ask('hola, soy la hija de María, ¿cuánto debe mi mamá?');
    expect(reply).toMatch(/persona del equipo/);
    expect(reply).not.toMatch(/\$|saldo|RUT|fecha de nacimiento/i);
    expect(await modeOf(chat.conversationId)).toBe('queued');
  });

  it('hands a lawyer speaking for the debtor to a person before any verification', async () => {
    const chat = harness.conversation('en-US');
    const reply = await chat.ask("I'm her attorney, all communication goes through me");
    expect(reply).toMatch(/person from our team/);
    expect(reply).not.toMatch(/\$|balance|account|date of birth/i);
    expect(await modeOf(chat.conversationId)).toBe('queued');
  });

  it('stops negotiating a plan when the debtor says they filed for bankruptcy', async () => {
    const chat = harness.conversation('en-US');
    await chat.ask(maria);
    expect(await chat.ask('I want a payment plan')).toMatch(/Which account/);
    const reply = await chat.ask('actually I filed for chapter 7 bankruptcy last week');
    expect(reply).toMatch(/person from our team/);
    expect(reply).not.toMatch(/Which account|installments?|plan/i);
    expect(await modeOf(chat.conversationId)).toBe('queued');
  });

  it("still treats the writer's own loss as hardship, with the verified debtor", async () => {
    const chat = harness.conversation('es-CL');
    await chat.ask(maria);
    const reply = await chat.ask('falleció mi papá y estoy con muchos gastos');
    expect(reply).not.toMatch(/persona del equipo/);
    expect(await modeOf(chat.conversationId)).toBe('bot');
  });
});

describe('negotiating as people do', () => {
  it('never records a plan on a question: "¿y sin pie?" gets the minimum down payment, and only a clear yes records', async () => {
    const chat = await planOfferedToMaria('2');
    const before = await harness.database.prisma.agreement.count();
    const reply = await chat.ask('y sin pie?');
    expect(reply).toMatch(/El pie mínimo es US\$48,03/);
    expect(reply).not.toMatch(/registrado/);
    expect(await harness.database.prisma.agreement.count()).toBe(before);
    // "ya po" is as clear a yes as "sí".
    expect(await chat.ask('ya po')).toMatch(/Tu plan quedó registrado/);
    expect(await harness.database.prisma.agreement.count()).toBe(before + 1);
  });

  it('asks what would work when the plan is too dear, instead of showing it again', async () => {
    const chat = await planOfferedToMaria();
    expect(await chat.ask('muy caro')).toMatch(/Cuántas cuotas o qué monto mensual/);
  });

  it('takes "300 mil ahora y el resto en 5 cuotas" as a down payment and five installments', async () => {
    const chat = harness.conversation('es-CL');
    await chat.ask(maria);
    await chat.ask('puedo pagar 300 mil ahora y el resto en 5 cuotas');
    const offer = await chat.ask('1');
    expect(offer).toMatch(/Pie de \$300\.000 hoy/);
    expect(offer).toMatch(/5 cuotas de \$190\.000/);
  });

  it('ends a promise on "no" at the amount question, without asking again', async () => {
    const chat = harness.conversation('es-CL');
    await chat.ask(pedro);
    expect(await chat.ask('quiero prometer un pago')).toMatch(/Cuánto podrás pagar/);
    const reply = await chat.ask('no');
    expect(reply).toMatch(/no registré ningún compromiso/);
    expect(reply).not.toMatch(/Cuánto/);
  });
});
