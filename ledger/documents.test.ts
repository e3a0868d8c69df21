import { describe, expect, it } from 'vitest';
import { isValidRut, normalizeDocumentNumber } from './documents.js';

describe('documents', () => {
  it('treats every way of writing a RUT as the same number', () => {
    const forms = ['17.090.571-7', '170905717', '17090571-7', ' 17 090 571-7 '];
    expect(new Set(forms.map(normalizeDocumentNumber))).toEqual(new Set(['170905717']));
  });

  it('checks the RUT check digit, K included', () => {
    expect(isValidRut('17.090.571-7')).toBe(true);
    expect(isValidRut('17.090.571-8')).toBe(false);
    expect(isValidRut('10.000.013-K')).toBe(true);
    expect(isValidRut('10.000.013-k')).toBe(true);
  });
});
