import { describe, expect, it } from 'vitest';
import { currenciesNamed } from './entities/currency.js';
import { extractEntities } from './entities/extract.js';
import { fold } from './text/fold.js';
import type { Amount } from './types.js';

const MONDAY = '2026-11-23';

function entitiesOf(text: string, locale: string, today = MONDAY) {
  return extractEntities(text, locale, today).entities;
}

describe('dates inside words', () => {
  it('reads no weekday inside a name ("Mar" in "María")', () => {
    expect(entitiesOf('no soy María', 'es-CL').date).toBeUndefined();
    expect(entitiesOf('Lucía paga el miércoles', 'es-CL').date).toBe('2026-11-25');
  });
});

describe('currencies named without an amount', () => {
  it.each([
    ['la de dólares', 'es', 'CL', ['USD']],
    ['la de pesos', 'es', 'CL', ['CLP']],
    ['the peso one', 'en', 'MX', ['MXN']],
    ['en soles o en dólares?', 'es', 'PE', ['PEN', 'USD']],
    ['la segunda', 'es', 'CL', []],
    ['el sol sale', 'es', 'PE', []],
  ] as const)('%s', (text, language, region, expected) => {
    expect(currenciesNamed(fold(text), language, region)).toEqual(expected);
  });
});

describe('amount: slang and formats per country', () => {
  const cases: readonly [locale: string, text: string, expected: Amount][] = [
    ['es', 'puedo pagar 50 lucas el viernes', { value: '50000', currency: 'CLP' }],
    ['es-CL', 'te abono una luca y media', { value: '1500', currency: 'CLP' }],
    ['es-CL', 'tengo medio palo', { value: '500000', currency: 'CLP' }],
    ['es-CO', 'le consigno 20 lucas', { value: '20000', currency: 'COP' }],
    ['es-CO', 'debo como 2 palos', { value: '2000000', currency: 'COP' }],
    ['es-PE', 'te yapeo 10 lucas', { value: '10', currency: 'PEN' }],
    ['es', 'S/ 200 el jueves', { value: '200', currency: 'PEN' }],
    ['es', 'le pago S/.150', { value: '150', currency: 'PEN' }],
    ['es', 'puedo dar 300 soles', { value: '300', currency: 'PEN' }],
    ['es', '2 mil varos', { value: '2000', currency: 'MXN' }],
    ['es-MX', 'le doy $1,500', { value: '1500', currency: 'MXN' }],
    ['es', 'te pago 500 pesos mexicanos', { value: '500', currency: 'MXN' }],
    ['es-SV', 'le pago 25 dolares', { value: '25', currency: 'USD' }],
    ['es', 'tengo 1,5 millones', { value: '1500000', currency: null }],
    ['es', 'un millón y medio', { value: '1500000', currency: null }],
    ['es', 'te deposito $50.000 mañana', { value: '50000', currency: null }],
    ['es-CL', 'te deposito $50.000 mañana', { value: '50000', currency: 'CLP' }],
    ['es', 'ciento veinte dólares', { value: '120', currency: 'USD' }],
    ['es', 'pago cincuenta mil', { value: '50000', currency: null }],
    ['es', 'USD 120', { value: '120', currency: 'USD' }],
    ['es', 'son $1.234,56', { value: '1234.56', currency: null }],
    ['en', 'i can pay $120.50 friday', { value: '120.5', currency: 'USD' }],
    ['en', 'a hundred and twenty dollars', { value: '120', currency: 'USD' }],
    ['en', '50 bucks', { value: '50', currency: 'USD' }],
    ['en', 'i can do 1.5k', { value: '1500', currency: null }],
    ['en', 'I owe $1,200?', { value: '1200', currency: 'USD' }],
    ['en', 'i can pay 75 on monday', { value: '75', currency: null }],
    ['en', 'half a million', { value: '500000', currency: null }],
    ['en', 'I can pay $0.50', { value: '0.5', currency: 'USD' }],
    ['es-CL', 'te pago media luca', { value: '500', currency: 'CLP' }],
  ];
  it.each(cases)('[%s] %s', (locale, text, expected) => {
    expect(entitiesOf(text, locale).amount).toEqual(expected);
  });

  const notAmounts: readonly [locale: string, text: string][] = [
    ['es', 'en 6 cuotas'],
    ['es', 'te pago el 15'],
    ['es', 'a 12 meses'],
    ['es', 'lo pagué en 2025'],
    ['es', 'el 3/12 te pago'],
    ['es', 'mi rut es 12.345.678-9'],
    ['es', 'llámame al 987654321'],
    ['es', 'a las 5 te llamo'],
    ['es', 'me hacen el 50%?'],
    ['es', 'tengo 2 hijos'],
    ['es', 'hace 3 meses que no pago'],
    ['en', 'on the 5th'],
    ['en', '3 payments'],
    ['en', 'opt out'],
    // A share is not a sum: "half" is not 0.50.
    ['en', 'can I pay half now and half next month?'],
    ['es', 'pago la mitad ahora y medio el otro mes'],
    ['en', "I'm in chapter 13"],
  ];
  it.each(notAmounts)('[%s] %s has no amount', (locale, text) => {
    expect(entitiesOf(text, locale).amount).toBeUndefined();
  });

  it('prefers the sum with a currency or scale word over a bare number', () => {
    expect(entitiesOf('debo 800000 pero puedo dar 100 mil', 'es').amount).toEqual({ value: '100000', currency: null });
  });
});

describe('amount: an exact decimal string, never a float', () => {
  const cases: readonly [locale: string, text: string, value: string][] = [
    ['es', 'tengo 1.234,5', '1234.5'],
    ['es', 'son $1.234,50', '1234.5'],
    ['es', '1.234,00 pesos', '1234'],
    ['es', '$12.345.678,90', '12345678.9'],
    ['en', '10.50 dollars', '10.5'],
    ['es', 'tengo 1,5 millones', '1500000'],
    ['es-CL', '3,5 palos', '3500000'],
    ['es-CL', '2,5 lucas', '2500'],
    ['en', 'i can do 2k', '2000'],
    ['es', 'te pago mil', '1000'],
    ['es', 'medio millón', '500000'],
    ['es', 'dos millones y medio', '2500000'],
    ['en', 'two and a half thousand', '2500'],
    ['es', 'veinte coma cinco dolares', '20.5'],
    ['es', 'puedo pagar 0,05 dolares', '0.05'],
    ['es', '0,0000001 dólares', '0.0000001'],
    ['en', 'I can pay $10.005', '10.005'],
    ['en', 'I owe $99999999999999999999', '99999999999999999999'],
  ];
  it.each(cases)('[%s] %s → %s', (locale, text, value) => {
    expect(entitiesOf(text, locale).amount?.value).toBe(value);
  });
});

describe('date: resolved forward from today', () => {
  const cases: readonly [locale: string, text: string, today: string, expected: string][] = [
    ['es', 'el viernes', MONDAY, '2026-11-27'],
    ['es', 'el lunes', MONDAY, '2026-11-30'],
    ['es', 'este lunes', MONDAY, '2026-11-23'],
    ['es', 'el viernes', '2026-11-27', '2026-12-04'],
    ['es', 'el sábado', '2026-12-31', '2027-01-02'],
    ['es', 'el viernes de la otra semana', MONDAY, '2026-12-04'],
    ['es', 'el 15', MONDAY, '2026-12-15'],
    ['es', 'el 23', MONDAY, '2026-11-23'],
    ['es', 'el 31', MONDAY, '2026-12-31'],
    ['es', 'el 30', '2027-02-10', '2027-03-30'],
    ['es', 'a fin de mes', MONDAY, '2026-11-30'],
    ['es', 'fin de mes', '2027-02-03', '2027-02-28'],
    ['es', 'fin de mes', '2028-02-03', '2028-02-29'],
    ['es', 'a fin del mes que viene', MONDAY, '2026-12-31'],
    ['es', 'la próxima quincena', MONDAY, '2026-11-30'],
    ['es', 'la otra quincena', '2026-11-30', '2026-12-15'],
    ['es', 'en la quincena', '2026-12-02', '2026-12-15'],
    ['es', 'pasado mañana', MONDAY, '2026-11-25'],
    ['es', 'mañana', '2026-12-31', '2027-01-01'],
    ['es', 'mañana en la mañana', MONDAY, '2026-11-24'],
    ['es', 'el 5 de diciembre', MONDAY, '2026-12-05'],
    ['es', 'el 5 de enero', MONDAY, '2027-01-05'],
    ['es', '3/12', MONDAY, '2026-12-03'],
    ['es', '30/11/2026', MONDAY, '2026-11-30'],
    ['es', 'en 3 días', MONDAY, '2026-11-26'],
    ['es', 'dentro de dos semanas', MONDAY, '2026-12-07'],
    ['es', 'la semana que viene', MONDAY, '2026-11-30'],
    ['es', 'a principios de mes', MONDAY, '2026-12-01'],
    ['es', 'a fines de diciembre', MONDAY, '2026-12-31'],
    ['es', 'el finde', MONDAY, '2026-11-28'],
    ['en', 'next Friday', MONDAY, '2026-11-27'],
    ['en', 'friday next week', MONDAY, '2026-12-04'],
    ['en', 'on the 5th', MONDAY, '2026-12-05'],
    ['en', 'by the 1st', MONDAY, '2026-12-01'],
    ['en', '3/12', MONDAY, '2027-03-12'],
    ['en', '12/3', MONDAY, '2026-12-03'],
    ['en', 'tomorrow', MONDAY, '2026-11-24'],
    ['en', 'tmrw', MONDAY, '2026-11-24'],
    ['en', 'the day after tomorrow', MONDAY, '2026-11-25'],
    ['en', 'end of the month', MONDAY, '2026-11-30'],
    ['en', 'December 10th', MONDAY, '2026-12-10'],
    ['en', 'dec 3rd', MONDAY, '2026-12-03'],
    ['en', 'in two weeks', MONDAY, '2026-12-07'],
    ['en', 'next week', MONDAY, '2026-11-30'],
  ];
  it.each(cases)('[%s] %s (today %s)', (locale, text, today, expected) => {
    expect(entitiesOf(text, locale, today).date).toBe(expected);
  });

  const noDate: readonly [locale: string, text: string][] = [
    ['es', 'ya pagué ayer'],
    ['es', 'pagué el viernes pasado'],
    ['es', 'hace 2 semanas pagué'],
    ['es', 'puedo pagar 500 por quincena'],
    ['en', 'i paid last week'],
    ['en', 'i can do $40 a week'],
    ['en', 'i paid 2 days ago'],
  ];
  it.each(noDate)('[%s] %s names no future day', (locale, text) => {
    expect(entitiesOf(text, locale).date).toBeUndefined();
  });

  it('prefers a named day over "hoy"', () => {
    expect(entitiesOf('hoy no puedo, el viernes sí', 'es').date).toBe('2026-11-27');
  });
});

describe('count: installments', () => {
  const cases: readonly [locale: string, text: string, expected: number][] = [
    ['es', 'en 6 cuotas', 6],
    ['es', 'a 12 meses', 12],
    ['es', 'en seis cuotas', 6],
    ['es', 'me lo dividen en 3?', 3],
    ['es', '4 pagos de 25 mil', 4],
    ['es', 'en 24 mensualidades', 24],
    ['en', '3 payments', 3],
    ['en', 'can i do 10 monthly payments', 10],
    ['en', 'over 6 months', 6],
    ['en', 'twelve installments', 12],
    ['en', 'split it into 4', 4],
  ];
  it.each(cases)('[%s] %s', (locale, text, expected) => {
    expect(entitiesOf(text, locale).count).toBe(expected);
  });

  const notCounts: readonly [locale: string, text: string][] = [
    ['es', 'hace 3 meses que no pago'],
    ['es', 'llevo 2 meses de atraso'],
    ['es', 'debo 3 cuotas atrasadas'],
    ['es', 'pago 50 mil el 15'],
    ['en', '3 months ago'],
    ['en', 'i am 2 months behind'],
    ['es', 'son 200 cuotas'],
  ];
  it.each(notCounts)('[%s] %s has no count', (locale, text) => {
    expect(entitiesOf(text, locale).count).toBeUndefined();
  });

  it('reads count, amount and date from one message', () => {
    expect(entitiesOf('pago en 3 cuotas de 50 mil a partir del lunes', 'es')).toEqual({
      amount: { value: '50000', currency: null },
      date: '2026-11-30',
      count: 3,
    });
  });
});
