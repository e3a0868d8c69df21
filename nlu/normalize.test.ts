import { describe, expect, it } from 'vitest';
import type { Language } from './locale.js';
import { normalizeForClassifier } from './text/normalize.js';

describe('normalizeForClassifier', () => {
  const cases: readonly [language: Language, text: string, expected: string][] = [
    ['es', 'Cuánto DEBO??', 'cuanto debo'],
    ['es', 'siiii 👍', 'si ok'],
    ['es', 'holaaa buenass', 'hola buenas'],
    ['es', 'xq me escriben? q quieren', 'porque me escriben que quieren'],
    ['es', 'tb quiero pagar plis 🙏', 'tambien quiero pagar por favor por favor'],
    ['en', "I can't pay rn, thx", 'i can not pay right now thanks'],
    ['en', 'wrong #', 'wrong number'],
    ['en', 'heyy u there?', 'hey you there'],
  ];
  it.each(cases)('[%s] %s → %s', (language, text, expected) => {
    expect(normalizeForClassifier(text, language, [])).toBe(expected);
  });

  it('replaces entity spans with placeholders', () => {
    const text = 'puedo pagar 50 lucas el viernes';
    const replacements = [
      { kind: 'amount', span: [12, 20] },
      { kind: 'date', span: [21, 31] },
    ] as const;
    expect(normalizeForClassifier(text, 'es', replacements)).toBe('puedo pagar zzmonto zzfecha');
  });
});
