import { describe, expect, it } from 'vitest';
import type { CurrencyCode } from '../ledger/index.js';
import { amountFromReply, amountProblemText, decimalToMinor, type AmountProblem } from './amount-input.js';
import { messagesFor } from './messages/index.js';

describe('decimal amounts to minor units, exactly', () => {
  const taken: readonly [decimal: string, currency: CurrencyCode, amountMinor: number][] = [
    ['1250000', 'CLP', 1_250_000],
    ['1235', 'CLP', 1235],
    ['1234.00', 'CLP', 1234],
    ['10.5', 'USD', 1050],
    ['10.50', 'USD', 1050],
    ['0.05', 'USD', 5],
    ['985.4', 'USD', 98_540],
    ['4500', 'MXN', 450_000],
    ['0.1', 'MXN', 10],
    ['20000.99', 'ARS', 2_000_099],
    ['870000', 'COP', 870_000],
    ['3480.5', 'PEN', 348_050],
    ['9007199254740991', 'CLP', Number.MAX_SAFE_INTEGER],
    ['90071992547409.91', 'USD', Number.MAX_SAFE_INTEGER],
  ];
  it.each(taken)('%s %s is %d minor units', (decimal, currency, amountMinor) => {
    expect(decimalToMinor(decimal, currency)).toEqual({ ok: true, amountMinor });
  });

  const refused: readonly [decimal: string, currency: CurrencyCode, problem: AmountProblem][] = [
    ['1234.5', 'CLP', 'too_precise'],
    ['0.5', 'COP', 'too_precise'],
    ['10.005', 'USD', 'too_precise'],
    ['0.001', 'MXN', 'too_precise'],
    ['20000.999', 'ARS', 'too_precise'],
    ['9007199254740992', 'CLP', 'too_large'],
    ['90071992547409.92', 'USD', 'too_large'],
    ['99999999999999999999', 'MXN', 'too_large'],
    ['0', 'CLP', 'not_an_amount'],
    ['0.00', 'USD', 'not_an_amount'],
    ['-5', 'USD', 'not_an_amount'],
    ['1e6', 'CLP', 'not_an_amount'],
    ['1,5', 'USD', 'not_an_amount'],
    ['1.234.5', 'USD', 'not_an_amount'],
    ['', 'CLP', 'not_an_amount'],
  ];
  it.each(refused)('%j %s is refused as %s, never rounded', (decimal, currency, problem) => {
    expect(decimalToMinor(decimal, currency)).toEqual({ ok: false, problem });
  });
});

describe('amounts in replies', () => {
  it('takes the NLU entity as final: "1234,5" for a CLP account is too precise, not 12345', () => {
    expect(amountFromReply('1234,5', { value: '1234.5', currency: null }, 'CLP')).toEqual({ ok: false, problem: 'too_precise' });
  });

  it.each([
    ['1.250.000', 'CLP', { ok: true, amountMinor: 1_250_000 }],
    ['1,234.50', 'USD', { ok: true, amountMinor: 123_450 }],
    ['1.234,50', 'USD', { ok: true, amountMinor: 123_450 }],
    ['son 5', 'USD', { ok: true, amountMinor: 500 }],
    ['12,5', 'CLP', { ok: false, problem: 'too_precise' }],
    ['0', 'CLP', { ok: false, problem: 'not_an_amount' }],
  ] as const)('reads a bare number the NLU left alone: %j %s', (text, currency, reading) => {
    expect(amountFromReply(text, undefined, currency)).toEqual(reading);
  });

  it('has no amount when the reply has no number', () => {
    expect(amountFromReply('no sé', undefined, 'CLP')).toBeNull();
  });

  it.each(['I get paid on the 15th', 'on the 3rd', 'me pagan el 15', 'el día 30', 'el 15/12'])(
    'reads no amount in a day of the month: %j',
    (text) => {
      expect(amountFromReply(text, undefined, 'USD')).toBeNull();
    },
  );

  it.each([
    ['I can pay 20 on the 15th', 20_00],
    ['pago 30 el día 15', 30_00],
    ['el 1.500', 1_500_00],
    ['15', 15_00],
    ['on 45', 45_00],
  ] as const)('still reads the amount beside or instead of a day: %j', (text, amountMinor) => {
    expect(amountFromReply(text, undefined, 'USD')).toEqual({ ok: true, amountMinor });
  });
});

describe('refusal messages', () => {
  it.each(['es', 'en'] as const)('explains every problem politely in %s', (language) => {
    const messages = messagesFor(language);
    expect(amountProblemText('too_precise', messages, 'CLP')).toBe(messages.amountTooPrecise(0));
    expect(amountProblemText('too_precise', messages, 'USD')).toBe(messages.amountTooPrecise(2));
    expect(amountProblemText('too_large', messages, 'USD')).toBe(messages.amountTooLarge);
    expect(amountProblemText('not_an_amount', messages, 'USD')).toBe(messages.refusal.invalid_amount);
  });
});
