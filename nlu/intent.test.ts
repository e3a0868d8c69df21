import { beforeAll, describe, expect, it } from 'vitest';
import { makeRecognizer } from './make-recognizer.js';
import type { NluRecognizer } from './make-recognizer.js';
import { ruleIntent } from './local/intent-rules.js';
import type { Intent } from './types.js';

const silent = { warn: () => undefined };
let nlu: NluRecognizer;

beforeAll(async () => {
  nlu = await makeRecognizer({ mode: 'local', logger: silent });
});

async function intentOf(text: string, locale: string): Promise<Intent> {
  return (await nlu.recognize(text, { locale, today: '2026-11-23', timezone: 'America/Santiago' })).intent;
}

describe('local intent recognition', () => {
  const cases: readonly [locale: string, text: string, expected: Intent][] = [
    ['es', 'cuanto debo??', 'balance'],
    ['es-CL', 'no tengo plata ahora, puedo pagar 50 lucas el viernes', 'promise_to_pay'],
    ['en', 'i already paid this last week', 'already_paid'],
    ['es', 'no es mi deuda', 'dispute'],
    ['es', 'quiero hablar con una persona', 'human'],
    ['es', 'STOP', 'opt_out'],
    ['es', 'baja', 'opt_out'],
    ['es', 'no me escriban más', 'opt_out'],
    ['en', 'STOP', 'opt_out'],
    ['en', 'please stop texting me', 'opt_out'],
    ['es', 'sí', 'affirm'],
    ['es', 'dale', 'affirm'],
    ['es', 'ok', 'affirm'],
    ['en', 'yes', 'affirm'],
    ['en', 'sure', 'affirm'],
    // A yes as Chileans and Mexicans say it is as clear as "sí" (a plan is recorded only on a clear yes).
    ['es-CL', 'ya po', 'affirm'],
    ['es-CL', 'de una', 'affirm'],
    ['es-MX', 'órale', 'affirm'],
    ['en', 'sure why not', 'affirm'],
    ['es', 'no', 'deny'],
    ['en', 'nope', 'deny'],
    ['es', 'no soy esa persona', 'wrong_person'],
    ['es', 'no soy María', 'wrong_person'],
    ['es', 'déjenme tranquila', 'opt_out'],
    ['es', 'saquen este número', 'opt_out'],
    ['en', "don't text this number", 'opt_out'],
    ['en', 'remove this number', 'opt_out'],
    ['es', 'número equivocado', 'wrong_person'],
    ['en', 'wrong number', 'wrong_person'],
    ['es', 'hola buenas tardes', 'greet'],
    ['en', 'hey there', 'greet'],
    ['es', 'quiero pagar todo de una vez', 'pay_full'],
    ['en', 'i want to pay off the whole balance', 'pay_full'],
    ['es', 'se puede pagar en 6 cuotas?', 'payment_plan'],
    ['en', 'can i do 3 payments', 'payment_plan'],
    ['es', 'te pago el 15 sin falta', 'promise_to_pay'],
    ['en', "i'll pay on friday", 'promise_to_pay'],
    ['es', 'ya pagué, tengo el comprobante', 'already_paid'],
    ['es', 'me quedé sin pega y no me alcanza', 'hardship'],
    ['en', 'i lost my job', 'hardship'],
    // Not being able to pay at all is hardship, though its words ("pay … all") look like paying in full.
    ['en', "what if I can't pay at all?", 'hardship'],
    ['en', 'I cannot pay a dime', 'hardship'],
    ['es', 'y si no puedo pagar nada?', 'hardship'],
    ['es', '¿Y si no puedo pagar?', 'hardship'],
    // …while paying it all, or less than all, stays what it was.
    ['en', 'I want to pay it all', 'pay_full'],
    ['en', "I can't pay it all at once, can I do installments?", 'payment_plan'],
    ['en', "I can't pay anything more than 100 a month", 'payment_plan'],
    ['es', 'no puedo pagar nada más que 20 mil al mes', 'payment_plan'],
    ['en', "I can't pay anything, I want to talk to a person", 'human'],
    // A sum a month proposes a plan, even beside a plea of hardship.
    ['en', "I can't afford this right now, maybe $50 a month?", 'payment_plan'],
    ['es-CL', 'me quedé sin pega, te pago 30 lucas mensuales', 'payment_plan'],
    ['en', 'I owe 2000 and I lost my job', 'hardship'],
    // Denying the debt is a dispute, even beside a plea of hardship.
    ['es', 'no puedo pagar nada, no es mi deuda', 'dispute'],
    ['en', "this isn't my debt, I can't pay it", 'dispute'],
    ['es', 'no es mi deuda, no voy a pagar el viernes 6 cuotas', 'dispute'],
    // …and so is contesting it, or its amount, even beside "I paid it years ago".
    ['es', 'esa deuda no es mía, ya la pagué hace años', 'dispute'],
    ['en', 'the amount is wrong, I only owed 1500', 'dispute'],
    ['es', 'me están cobrando de más', 'dispute'],
    ['es', 'ya pagué, no debo nada', 'already_paid'],
    // Not being able to pay it all at once asks for a plan.
    ['es', 'no puedo pagar todo de una vez', 'payment_plan'],
    ['es', 'no puedo pagar el total', 'payment_plan'],
    ['en', "I can't pay the full amount", 'payment_plan'],
    ['es', 'quiero pagar todo de una vez', 'pay_full'],
    // What a bot must not negotiate goes to a person: the debtor has died, a lawyer speaks for them, a bankruptcy.
    ['en', 'he died last month', 'human'],
    ['en', 'the account holder passed away', 'human'],
    ['en', 'my father passed away, this was his phone', 'human'],
    ['es', 'el titular falleció', 'human'],
    ['es', 'murió el mes pasado, este era su teléfono', 'human'],
    ['en', 'I am her lawyer', 'human'],
    ['en', 'talk to my attorney', 'human'],
    ['es', 'soy su abogado', 'human'],
    ['es', 'hablen con mi abogado', 'human'],
    ['en', 'I filed for bankruptcy', 'human'],
    ['en', "I'm in chapter 13", 'human'],
    ['es', 'me declaré en quiebra', 'human'],
    ['es', 'estoy en un procedimiento concursal', 'human'],
    ['es', 'soy la hija de María, ¿cuánto debe mi mamá?', 'human'],
    ['en', "this is John's wife, he asked me to handle it", 'human'],
    ['en', 'how much does my husband owe?', 'human'],
    // …while the writer's own loss, or being broke, is hardship.
    ['es', 'murió mi mamá y estoy con muchos gastos', 'hardship'],
    ['en', 'my husband passed away', 'hardship'],
    ['es', 'mi esposo perdió la pega', 'hardship'],
    ['es', 'estoy en la quiebra', 'hardship'],
    // A discount, or dropping interest and fees, asks to settle; with a number of installments it stays a plan.
    ['en', 'can I get 50% off?', 'pay_full'],
    ['en', 'can you waive the late fees?', 'pay_full'],
    ['es', 'pueden condonar los intereses?', 'pay_full'],
    ['es', 'me hacen un descuento?', 'pay_full'],
    ['es', 'quiero 6 cuotas con descuento', 'payment_plan'],
    ['es', 'me están cobrando intereses abusivos', 'dispute'],
    ['en', "who's this", 'greet'],
    // Whether a payment arrived is about a payment made; undoing an agreement is for a person.
    ['en', 'did you get my payment?', 'already_paid'],
    ['es', '¿les llegó mi pago?', 'already_paid'],
    ['en', 'I want to cancel my plan', 'human'],
    ['es', 'quiero anular el convenio', 'human'],
    // Who writes and why this number: the greeting answers (who and for whom), never the payment methods.
    ['en', 'how did you get my number?', 'greet'],
    ['en', 'what company is this', 'greet'],
    ['es', '¿de dónde sacaron mis datos?', 'greet'],
    ['es', 'qué empresa es?', 'greet'],
    // Asking what the debt is about is a balance question (verification first).
    ['en', 'is this about my car loan?', 'balance'],
    ['es', '¿es por la deuda de la tarjeta?', 'balance'],
    ['es', 'puedo pagar por yape?', 'payment_methods'],
    ['en', 'do you take credit cards', 'payment_methods'],
    ['es', 'q puedo hacer aca?', 'help'],
    ['en', 'what can you do', 'help'],
    ['es', 'gracias, chao', 'goodbye'],
    ['en', 'thanks, bye', 'goodbye'],
    ['es', 'quién ganó el partido anoche', 'none'],
    ['en', 'lol', 'none'],
  ];
  it.each(cases)('[%s] %s → %s', async (locale, text, expected) => {
    expect(await intentOf(text, locale)).toBe(expected);
  });

  it('reads "no soy <name>" as the wrong person, but not "no soy capaz" or "no soy responsable"', () => {
    expect(ruleIntent('no soy maria')).toBe('wrong_person');
    expect(ruleIntent('no soy capaz')).toBeNull();
    expect(ruleIntent('no soy responsable')).toBeNull();
  });

  it('answers none with a low score for gibberish', async () => {
    const result = await nlu.recognize('qwpoeiru zxmcnv', { locale: 'es', today: '2026-11-23', timezone: 'America/Santiago' });
    expect(result.intent).toBe('none');
  });

  it('returns entities with the intent', async () => {
    const result = await nlu.recognize('no tengo plata ahora, puedo pagar 50 lucas el viernes', {
      locale: 'es',
      today: '2026-11-23',
      timezone: 'America/Santiago',
    });
    expect(result.entities).toEqual({ amount: { value: '50000', currency: 'CLP' }, date: '2026-11-27' });
    expect(result.score).toBeGreaterThan(0.4);
    expect(result.score).toBeLessThanOrEqual(1);
  });

  it('counts nothing on the LLM path in local mode', () => {
    expect(nlu.counters()).toEqual({ llmCalls: 0, llmFailures: { timeout: 0, http: 0, invalid: 0, refusal: 0 }, llmRejectedEntities: 0 });
  });
});
