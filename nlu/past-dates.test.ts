import { beforeAll, describe, expect, it } from 'vitest';
import { extractEntities } from './entities/extract.js';
import { makeRecognizer } from './make-recognizer.js';
import type { NluRecognizer } from './make-recognizer.js';

/** A Wednesday: "el viernes" going back is 2026-11-20, "Nov 18" is 2026-11-18 of this year. */
const WEDNESDAY = '2026-11-25';
const FRIDAY = '2026-11-27';

function pastDateOf(text: string, locale: string, today = WEDNESDAY): string | undefined {
  return extractEntities(text, locale, today, 'past').entities.date;
}

describe('date: resolved back from today', () => {
  const cases: readonly [locale: string, text: string, today: string, expected: string][] = [
    ['es', 'ya pagué ayer', WEDNESDAY, '2026-11-24'],
    ['es', 'anoche', WEDNESDAY, '2026-11-24'],
    ['es', 'antier', WEDNESDAY, '2026-11-23'],
    ['es', 'esta mañana', WEDNESDAY, '2026-11-25'],
    ['es', 'hoy', WEDNESDAY, '2026-11-25'],
    ['es', 'el viernes pasado', WEDNESDAY, '2026-11-20'],
    ['es', 'el viernes', WEDNESDAY, '2026-11-20'],
    ['es', 'el viernes', FRIDAY, FRIDAY],
    ['es', 'el viernes pasado', FRIDAY, '2026-11-20'],
    ['es', 'el 20 de noviembre', WEDNESDAY, '2026-11-20'],
    ['es', 'el 28 de noviembre', WEDNESDAY, '2025-11-28'],
    ['es', 'hace 3 días', WEDNESDAY, '2026-11-22'],
    ['es', 'hace dos semanas', WEDNESDAY, '2026-11-11'],
    ['es', 'hace un mes', WEDNESDAY, '2026-10-25'],
    ['es', 'la semana pasada', WEDNESDAY, '2026-11-16'],
    ['es', 'el mes pasado', WEDNESDAY, '2026-10-01'],
    ['es', 'el 15', WEDNESDAY, '2026-11-15'],
    ['es', 'el 28', WEDNESDAY, '2026-10-28'],
    ['es', '18/11', WEDNESDAY, '2026-11-18'],
    ['es', 'el viernes de la semana pasada', WEDNESDAY, '2026-11-20'],
    ['es', 'pagué el viernes 30 lucas', WEDNESDAY, '2026-11-20'],
    ['es', 'a fin de mes', WEDNESDAY, '2026-10-31'],
    ['es', 'el finde', WEDNESDAY, '2026-11-21'],
    ['en', 'paid it yesterday', WEDNESDAY, '2026-11-24'],
    ['en', 'I paid $120 last Friday', WEDNESDAY, '2026-11-20'],
    ['en', 'this morning', WEDNESDAY, '2026-11-25'],
    ['en', 'Nov 18', WEDNESDAY, '2026-11-18'],
    ['en', 'on Nov 18', WEDNESDAY, '2026-11-18'],
    ['en', 'on the 18th', WEDNESDAY, '2026-11-18'],
    ['en', '11/18', WEDNESDAY, '2026-11-18'],
    ['en', 'I paid on November 3rd, 2026', WEDNESDAY, '2026-11-03'],
    ['en', '2 days ago', WEDNESDAY, '2026-11-23'],
    ['en', 'a week ago', WEDNESDAY, '2026-11-18'],
    ['en', 'last night', WEDNESDAY, '2026-11-24'],
    ['en', 'on monday', WEDNESDAY, '2026-11-23'],
    ['en', 'paid Sept 30', WEDNESDAY, '2026-09-30'],
  ];
  it.each(cases)('[%s] %s (today %s)', (locale, text, today, expected) => {
    expect(pastDateOf(text, locale, today)).toBe(expected);
  });

  const noPastDate: readonly [locale: string, text: string][] = [
    ['es', 'mañana'],
    ['es', 'pasado mañana'],
    ['es', 'la semana que viene'],
    ['es', 'en 3 días'],
    ['es', 'el próximo viernes'],
    ['es', 'el otro día'],
    ['es', 'hace rato'],
    ['en', 'next Friday'],
    ['en', 'tomorrow'],
    ['en', 'last year'],
  ];
  it.each(noPastDate)('[%s] %s names no past day', (locale, text) => {
    expect(pastDateOf(text, locale)).toBeUndefined();
  });

  it('leaves the forward reading unchanged by default', () => {
    expect(extractEntities('el 20 de noviembre', 'es', WEDNESDAY).entities.date).toBe('2027-11-20');
    expect(extractEntities('ayer', 'es', WEDNESDAY).entities.date).toBeUndefined();
  });
});

describe('recognizer: the direction follows the intent or the bot', () => {
  const silent = { warn: () => undefined };
  let nlu: NluRecognizer;

  beforeAll(async () => {
    nlu = await makeRecognizer({ mode: 'local', logger: silent });
  });

  const paid: readonly [locale: string, text: string, date: string][] = [
    ['es', 'ya pagué ayer', '2026-11-24'],
    ['es', 'lo pagué el viernes', '2026-11-20'],
    ['es', 'pagué el 20 de noviembre', '2026-11-20'],
    ['es', 'ya pagué el 15', '2026-11-15'],
    ['es-CL', 'pagué hace 3 días en la caja vecina', '2026-11-22'],
    ['en', 'paid it yesterday', '2026-11-24'],
    ['en', 'I paid $120 last Friday', '2026-11-20'],
    ['en', 'I paid this morning', '2026-11-25'],
    ['en', 'I mailed a check on Nov 18', '2026-11-18'],
  ];
  it.each(paid)('[%s] %s → already_paid on %s', async (locale, text, date) => {
    const result = await nlu.recognize(text, { locale, today: WEDNESDAY, timezone: 'UTC' });
    expect(result.intent).toBe('already_paid');
    expect(result.entities.date).toBe(date);
  });

  it('keeps promises forward', async () => {
    const result = await nlu.recognize('te pago el viernes', { locale: 'es', today: WEDNESDAY, timezone: 'UTC' });
    expect(result).toMatchObject({ intent: 'promise_to_pay', entities: { date: '2026-11-27' } });
  });

  it('resolves back when the bot asked when the payment was made', async () => {
    const result = await nlu.recognize('el viernes', { locale: 'es', today: WEDNESDAY, timezone: 'UTC', dateDirection: 'past' });
    expect(result.entities.date).toBe('2026-11-20');
  });
});
