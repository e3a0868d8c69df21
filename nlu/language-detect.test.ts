import { describe, expect, it } from 'vitest';
import { detectLanguage } from './language-detect.js';

describe('the language of a text', () => {
  it.each([
    ['hola', 'es'],
    ['cuánto debo?', 'es'],
    ['quiero un plan de cuotas', 'es'],
    ['ya pagué ayer', 'es'],
    ['mi rut es 12.345.678-5', 'es'],
    ['hello', 'en'],
    ['how much do I owe?', 'en'],
    ['I paid it yesterday', 'en'],
    ['my ssn is 4821', 'en'],
    ['hello, quiero saber mi saldo', 'es'],
  ] as const)('"%s" is %s', (text, language) => {
    expect(detectLanguage(text)).toBe(language);
  });

  it.each(['ok', '1', '4821', '14/03/1985', '👍', 'plan'])('"%s" says nothing clear', (text) => {
    expect(detectLanguage(text)).toBeNull();
  });
});
