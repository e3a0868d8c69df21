import { ActionTypes } from 'botbuilder-core';
import { describe, expect, it } from 'vitest';
import { inlineKeyboard, pressedButtonText, splitText, telegramTextLimit } from './outgoing.js';

describe('splitText', () => {
  it('keeps a text within the limit whole', () => {
    expect(splitText('Hola, ¿en qué te ayudo?')).toEqual(['Hola, ¿en qué te ayudo?']);
    expect(splitText('x'.repeat(telegramTextLimit))).toHaveLength(1);
  });

  it('cuts a long text at line breaks and spaces, losing no words and no part over 4096', () => {
    const paragraph = 'Cuota de $10.000 el 5 de cada mes. '.repeat(60);
    const text = `${paragraph}\n\n${paragraph}\n${paragraph}`;
    const parts = splitText(text);
    expect(parts.length).toBeGreaterThan(1);
    for (const part of parts) expect(part.length).toBeLessThanOrEqual(telegramTextLimit);
    expect(parts.join(' ').replace(/\s+/g, ' ')).toBe(text.replace(/\s+/g, ' ').trim());
  });

  it('cuts a text without spaces at the limit, never inside an emoji', () => {
    const text = `${'a'.repeat(4095)}😀${'b'.repeat(10)}`;
    const parts = splitText(text);
    expect(parts).toEqual(['a'.repeat(4095), `😀${'b'.repeat(10)}`]);
  });

  it('sends nothing for a blank text', () => {
    expect(splitText('  \n ')).toEqual([]);
  });
});

describe('inlineKeyboard', () => {
  it('puts each suggested action on its own row, the value as callback data', () => {
    const keyboard = inlineKeyboard([
      { type: ActionTypes.ImBack, title: 'Pagar en cuotas', value: 'Pagar en cuotas' },
      { type: ActionTypes.ImBack, title: 'Hablar con una persona', value: 'Hablar con una persona' },
    ]);
    expect(keyboard).toEqual({
      inline_keyboard: [
        [{ text: 'Pagar en cuotas', callback_data: 'Pagar en cuotas' }],
        [{ text: 'Hablar con una persona', callback_data: 'Hablar con una persona' }],
      ],
    });
  });

  it('refers to a value over 64 bytes by position, and the press finds the title again', () => {
    const long = 'Quiero pagar en cuotas mensuales iguales hasta terminar la deuda ñññ';
    const keyboard = inlineKeyboard([
      { type: ActionTypes.ImBack, title: 'Sí', value: 'Sí' },
      { type: ActionTypes.ImBack, title: long, value: long },
    ]);
    const data = keyboard?.inline_keyboard[1]?.[0];
    expect(data && 'callback_data' in data ? Buffer.byteLength(data.callback_data) : 99).toBeLessThanOrEqual(64);
    expect(pressedButtonText(data && 'callback_data' in data ? data.callback_data : '', keyboard)).toBe(long);
    expect(pressedButtonText('Sí', keyboard)).toBe('Sí');
  });

  it('has no keyboard without actions', () => {
    expect(inlineKeyboard([])).toBeUndefined();
  });
});
