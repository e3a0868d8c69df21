import { describe, expect, it } from 'vitest';
import { parseGoldLines } from './eval/gold.js';
import { entityMatches, evaluate } from './eval/metrics.js';
import type { Scored } from './eval/metrics.js';

const [balance, promise, plan] = parseGoldLines(
  [
    '{"text":"cuanto debo","lang":"es","intent":"balance"}',
    '{"text":"pago 50 lucas el 15","lang":"es","intent":"promise_to_pay","entities":{"amount":{"value":50000,"currency":null},"date":"2026-12-15"}}',
    '{"text":"en 6 cuotas de 20 mil","lang":"es","intent":"payment_plan","entities":{"amount":{"value":20000,"currency":"CLP"},"count":6}}',
  ].join('\n'),
);

describe('evaluate', () => {
  it('scores intents and entities exactly, matching a null gold currency on value only', () => {
    if (balance === undefined || promise === undefined || plan === undefined) throw new Error('fixture lines missing');
    const scored: Scored[] = [
      { gold: balance, intent: 'balance', entities: {} },
      { gold: promise, intent: 'promise_to_pay', entities: { amount: { value: '50000', currency: 'CLP' }, date: '2026-12-16' } },
      { gold: plan, intent: 'promise_to_pay', entities: { amount: { value: '20000', currency: null }, count: 6 } },
    ];
    const { summary, confusions, perIntent } = evaluate(scored);
    expect(summary).toEqual({
      n: 3,
      accuracy: 2 / 3,
      macroF1: (1 + 2 / 3 + 0) / 3,
      amountAccuracy: 0.5,
      dateAccuracy: 0,
      countAccuracy: 1,
      pastDateAccuracy: 1,
      futureDateAccuracy: 0,
    });
    expect(confusions).toEqual([{ gold: 'payment_plan', predicted: 'promise_to_pay', count: 1 }]);
    expect(perIntent.find((score) => score.intent === 'promise_to_pay')).toMatchObject({ precision: 0.5, recall: 1, support: 1 });
  });

  it('splits date accuracy by direction: back for already_paid, forward for the rest', () => {
    const [paid, promised, otherPaid] = parseGoldLines(
      [
        '{"text":"ya pagué ayer","lang":"es","intent":"already_paid","entities":{"date":"2026-11-22"}}',
        '{"text":"pago el viernes","lang":"es","intent":"promise_to_pay","entities":{"date":"2026-11-27"}}',
        '{"text":"pagué el viernes","lang":"es","intent":"already_paid","entities":{"date":"2026-11-20"}}',
      ].join('\n'),
    );
    if (paid === undefined || promised === undefined || otherPaid === undefined) throw new Error('fixture lines missing');
    const { summary, dateSupport } = evaluate([
      { gold: paid, intent: 'already_paid', entities: { date: '2026-11-22' } },
      { gold: promised, intent: 'promise_to_pay', entities: { date: '2026-11-27' } },
      { gold: otherPaid, intent: 'already_paid', entities: { date: '2026-11-27' } },
    ]);
    expect(summary).toMatchObject({ dateAccuracy: 2 / 3, pastDateAccuracy: 0.5, futureDateAccuracy: 1 });
    expect(dateSupport).toEqual({ past: 2, future: 1 });
  });

  it('names the line and field of a bad gold line', () => {
    expect(() => parseGoldLines('{"text":"hola","lang":"es","intent":"greet"}\n{"text":"x","lang":"fr","intent":"greet"}')).toThrow(
      /^line 2: lang: /,
    );
  });
});

describe('gold amounts', () => {
  const line = (value: string) =>
    `{"text":"te pago","lang":"es","intent":"promise_to_pay","entities":{"amount":{"value":${value},"currency":"usd"}}}`;

  it('reads a JSON number or a decimal string as the same canonical decimal string, and matches it exactly', () => {
    const golds = parseGoldLines([line('1234.50'), line('"1234.50"'), line('"0050"')].join('\n'));
    expect(golds.map((gold) => gold.entities.amount)).toEqual([
      { value: '1234.5', currency: 'USD' },
      { value: '1234.5', currency: 'USD' },
      { value: '50', currency: 'USD' },
    ]);
    const [gold] = golds;
    if (gold === undefined) throw new Error('fixture line missing');
    expect(entityMatches({ gold, intent: 'promise_to_pay', entities: { amount: { value: '1234.5', currency: 'USD' } } }, 'amount')).toBe(
      true,
    );
    expect(entityMatches({ gold, intent: 'promise_to_pay', entities: { amount: { value: '1234.05', currency: 'USD' } } }, 'amount')).toBe(
      false,
    );
  });

  it.each(['0', '-5', '1e21', '"1,5"', '"1e6"', '"abc"', 'null'])('refuses the gold amount %s', (value) => {
    expect(() => parseGoldLines(line(value))).toThrow(/^line 1: entities\.amount\.value: /);
  });
});
