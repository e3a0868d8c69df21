import { beforeAll, describe, expect, it } from 'vitest';
import { extractEntities } from './entities/extract.js';
import { makeRecognizer } from './make-recognizer.js';
import type { NluRecognizer } from './make-recognizer.js';
import type { Entities, Intent, Recognition } from './types.js';

const MONDAY = '2026-11-23';
const silent = { warn: () => undefined };
let nlu: NluRecognizer;

beforeAll(async () => {
  nlu = await makeRecognizer({ mode: 'local', logger: silent });
});

function recognize(text: string, locale: string): Promise<Recognition> {
  return nlu.recognize(text, { locale, today: MONDAY, timezone: 'UTC' });
}

describe('numbers written in words', () => {
  const cases: readonly [locale: string, text: string, expected: Entities][] = [
    ['es', 'seis cuotas', { count: 6 }],
    ['es', 'en doce cuotas', { count: 12 }],
    ['es', 'cincuenta mil', { amount: { value: '50000', currency: null } }],
    ['es-CL', 'medio palo', { amount: { value: '500000', currency: 'CLP' } }],
    ['es-CL', 'un palo', { amount: { value: '1000000', currency: 'CLP' } }],
    ['es-CL', 'quinientas lucas', { amount: { value: '500000', currency: 'CLP' } }],
    ['es', 'veinte mil pesos', { amount: { value: '20000', currency: null } }],
    ['es-MX', 'veinte mil pesos', { amount: { value: '20000', currency: 'MXN' } }],
    ['en', 'six payments', { count: 6 }],
    ['en', 'fifty dollars', { amount: { value: '50', currency: 'USD' } }],
    ['en', 'i can do two hundred', { amount: { value: '200', currency: null } }],
    ['es-CL', 'en seis cuotas de cincuenta lucas', { count: 6, amount: { value: '50000', currency: 'CLP' } }],
  ];
  it.each(cases)('[%s] %s', (locale, text, expected) => {
    expect(extractEntities(text, locale, MONDAY).entities).toEqual(expected);
  });
});

describe('corrections name the new plan', () => {
  const cases: readonly [locale: string, text: string, expected: Entities][] = [
    ['es', 'no, mejor 8 cuotas', { count: 8 }],
    ['es', 'mejor en 6', { count: 6 }],
    ['es', 'mejor 10 cuotas', { count: 10 }],
    ['es-CO', 'no, que sean a 12', { count: 12 }],
    ['es', 'hagámoslo en 4', { count: 4 }],
    ['en', 'actually make it 4 payments', { count: 4 }],
    ['en', 'no wait, 300 a month', { amount: { value: '300', currency: null } }],
  ];
  it.each(cases)('[%s] %s → payment_plan', async (locale, text, expected) => {
    const result = await recognize(text, locale);
    expect(result.intent).toBe('payment_plan');
    expect(result.entities).toEqual(expected);
  });

  it('does not read money or days after a correction as installments', () => {
    expect(extractEntities('mejor en 50 mil', 'es', MONDAY).entities).toEqual({ amount: { value: '50000', currency: null } });
    expect(extractEntities('mejor en 3 días', 'es', MONDAY).entities).toEqual({ date: '2026-11-26' });
  });
});

describe('complaints and disputes as people write them', () => {
  const disputes: readonly [locale: string, text: string][] = [
    ['es', 'reclamar'],
    ['es', 'quiero reclamar'],
    ['es', 'reclamo'],
    ['es', 'reclamación'],
    ['es', 'queja'],
    ['es', 'quiero poner una queja'],
    ['es', 'no es mía'],
    ['es', 'no es mia'],
    ['es', 'esa deuda no es mía'],
    ['es', 'no reconozco'],
    ['es', 'no reconozco esa deuda'],
    ['es', 'me cobran de más'],
    ['es', 'me están cobrando de más'],
    ['es', 'me siguen cobrando algo que ya pagué'],
    ['es', 'fue un fraude'],
    ['es', 'me robaron la identidad'],
    ['en', "this isn't my debt"],
    ['en', "I don't recognize this"],
    ['en', 'I want to file a complaint'],
    ['en', "you're overcharging me"],
    ['en', 'I want to dispute'],
  ];
  it.each(disputes)('[%s] %s → dispute', async (locale, text) => {
    expect((await recognize(text, locale)).intent).toBe('dispute');
  });

  const paid: readonly [locale: string, text: string, expected: Intent][] = [
    ['es', 'ya pagué', 'already_paid'],
    ['es', 'ya lo pagué', 'already_paid'],
    ['es', 'eso ya lo pagué', 'already_paid'],
  ];
  it.each(paid)('[%s] %s → %s (a plain payment, not a complaint)', async (locale, text, expected) => {
    expect((await recognize(text, locale)).intent).toBe(expected);
  });
});

describe('identity theft is a dispute by the debtor, not a stranger saying "wrong person"', () => {
  const cases: readonly [locale: string, text: string, intent: Intent][] = [
    ['es', 'no soy yo quien pidió ese crédito', 'dispute'],
    ['es', 'no soy yo, me robaron la identidad', 'dispute'],
    ['es', 'esa deuda es de otra persona con mi nombre', 'dispute'],
    ['es', 'me suplantaron', 'dispute'],
    ['en', 'someone stole my identity', 'dispute'],
    ['en', 'I never opened this account', 'dispute'],
    ['es', 'no soy esa persona', 'wrong_person'],
    ['es', 'número equivocado', 'wrong_person'],
    ['en', 'wrong number', 'wrong_person'],
    ['es', 'quién habla?', 'greet'],
    ['en', 'who is this?', 'greet'],
  ];
  it.each(cases)('[%s] %s → %s', async (locale, text, intent) => {
    expect((await recognize(text, locale)).intent).toBe(intent);
  });
});
