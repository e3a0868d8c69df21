import { describe, expect, it } from 'vitest';
import { optionNumber, resolveChoice, selectOffered, type Choice } from './choices.js';

describe('option numbers', () => {
  it.each([
    ['2', 2],
    ['2.', 2],
    ['#3', 3],
    ['opción 4', 4],
    ['option 1', 1],
    ['la segunda', 2],
    ['el primero', 1],
    ['the first one', 1],
    ['tres', 3],
    ['Número 5', 5],
    ['n 6', 6],
  ] as const)('"%s" is option %i', (text, expected) => {
    expect(optionNumber(text)).toBe(expected);
  });

  it.each(['2 cuotas', 'no', 'en 6', '50000 pesos', 'hola'])('"%s" is no option number', (text) => {
    expect(optionNumber(text)).toBeNull();
  });
});

describe('choosing an option', () => {
  const choices: Choice[] = [
    { value: 'accept', title: 'Aceptar', intents: ['affirm'] },
    { value: 'change', title: 'Cambiar' },
    { value: 'fraud', title: 'Fue un fraude', keywords: ['fraude', 'robaron'] },
  ];

  it.each([
    ['Aceptar', 'accept'],
    ['aceptar!!', 'accept'],
    ['ACEPTAR.', 'accept'],
    ['2', 'change'],
    ['la tercera', 'fraud'],
    ['fue un fraude', 'fraud'],
    ['me robaron la tarjeta', 'fraud'],
  ])('"%s" selects %s', (text, value) => {
    expect(resolveChoice(text, choices, null)?.value).toBe(value);
  });

  it('an intent bound to an option selects it', () => {
    expect(resolveChoice('dale', choices, 'affirm')?.value).toBe('accept');
  });

  it('selects among the options shown by title or number, and nothing else', () => {
    const shown = [{ title: 'Ver mi saldo' }, { title: 'Hablar con una persona' }];
    expect(selectOffered('2', shown)?.title).toBe('Hablar con una persona');
    expect(selectOffered('ver mi saldo', shown)?.title).toBe('Ver mi saldo');
    expect(selectOffered('3', shown)).toBeUndefined();
    expect(selectOffered('saldo', shown)).toBeUndefined();
  });
});
