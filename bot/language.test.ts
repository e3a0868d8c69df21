import { describe, expect, it } from 'vitest';
import { chooseLanguage, languageSwitch } from './language.js';

describe('the reply language', () => {
  it('follows a clearly Spanish text from an English browser', () => {
    expect(chooseLanguage({ activityLocale: 'en-US', text: 'cuánto debo?' })).toBe('es');
  });

  it('keeps the conversation language for an unclear message, before the browser locale', () => {
    expect(chooseLanguage({ last: 'es', activityLocale: 'en-US', text: '2' })).toBe('es');
  });

  it('falls back to the browser locale, then the debtor, then Spanish', () => {
    expect(chooseLanguage({ activityLocale: 'en-GB', text: 'ok' })).toBe('en');
    expect(chooseLanguage({ text: 'ok', debtorLanguage: 'en' })).toBe('en');
    expect(chooseLanguage({ text: 'ok' })).toBe('es');
  });

  it('switches only on a message that is just the language name', () => {
    expect(languageSwitch('English')).toBe('en');
    expect(languageSwitch('español!')).toBe('es');
    expect(languageSwitch('I speak english and spanish')).toBeNull();
  });

  it('switches on a request around the name, in either language', () => {
    expect(languageSwitch('in spanish por favor')).toBe('es');
    expect(languageSwitch('Spanish please')).toBe('es');
    expect(languageSwitch('can we speak spanish?')).toBe('es');
    expect(languageSwitch('hablemos en inglés')).toBe('en');
    expect(languageSwitch('en inglés porfa')).toBe('en');
    expect(languageSwitch('english pls')).toBe('en');
    expect(languageSwitch('I do not speak spanish')).toBeNull();
    expect(languageSwitch('el inglés de mi hijo')).toBeNull();
  });
});
