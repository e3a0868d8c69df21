import { describe, expect, it } from 'vitest';
import { extractEntities, type Intent, type RecognizeOptions } from '../../nlu/index.js';
import { dialogSpecPhrases, FIXED_PHRASE_SCORE, FIXED_UNKNOWN_SCORE, makeFixedRecognizer } from './fixed-recognizer.js';

const santiago: RecognizeOptions = { locale: 'es-CL', today: '2026-11-23', timezone: 'America/Santiago' };
const lima: RecognizeOptions = { locale: 'es-PE', today: '2026-11-23', timezone: 'America/Lima' };
const recognizer = makeFixedRecognizer();

describe('the fixed recognizer of the dialog specs', () => {
  it('gives every phrase of its table that phrase’s intent, confidently', async () => {
    for (const [intent, phrases] of Object.entries(dialogSpecPhrases) as [Intent, readonly string[]][]) {
      for (const phrase of phrases)
        expect(await recognizer.recognize(phrase, santiago)).toMatchObject({ intent, score: FIXED_PHRASE_SCORE });
    }
  });

  it('matches after the NLU’s fold, ignoring case, accents and punctuation', async () => {
    expect((await recognizer.recognize('  CUANTO debó?? ', santiago)).intent).toBe('balance');
    expect((await recognizer.recognize('Número equivocado!! no soy esa persona', santiago)).intent).toBe('wrong_person');
  });

  it('answers none, unsure, for text not in the table, even text close to a phrase', async () => {
    for (const text of ['zxqw plorf', 'cuanto debo yo', 'quiero hablar con una persona ya']) {
      expect(await recognizer.recognize(text, santiago)).toEqual({ intent: 'none', score: FIXED_UNKNOWN_SCORE, entities: {} });
    }
  });

  it('reads amounts, dates and counts with the real entity extractors', async () => {
    const promise = await recognizer.recognize('puedo pagar 500 soles el viernes', lima);
    expect(promise.intent).toBe('promise_to_pay');
    expect(promise.entities).toEqual(extractEntities('puedo pagar 500 soles el viernes', 'es-PE', '2026-11-23').entities);
    expect(promise.entities.date).toBe('2026-11-27');
    expect([Number(promise.entities.amount?.value), promise.entities.amount?.currency]).toEqual([500, 'PEN']);
    expect((await recognizer.recognize('quiero pagar en 24 cuotas', santiago)).entities).toEqual({ count: 24 });
  });

  it('reads the entities of text it does not know', async () => {
    const claim = await recognizer.recognize('985.40 dólares', { ...santiago, locale: 'es-SV' });
    expect(claim.intent).toBe('none');
    expect([Number(claim.entities.amount?.value), claim.entities.amount?.currency]).toEqual([985.4, 'USD']);
  });

  it('resolves dates backward when the bot expects a past date or the phrase says a payment was made', async () => {
    expect((await recognizer.recognize('el 20 de noviembre', santiago)).entities.date).toBe('2027-11-20');
    expect((await recognizer.recognize('el 20 de noviembre', { ...santiago, dateDirection: 'past' })).entities.date).toBe('2026-11-20');
    const paid = makeFixedRecognizer({ already_paid: ['pagué el viernes'] });
    expect(await paid.recognize('pagué el viernes', santiago)).toEqual({
      intent: 'already_paid',
      score: FIXED_PHRASE_SCORE,
      entities: { date: '2026-11-20' },
    });
  });

  it('refuses a table that lists one phrase under two intents', () => {
    expect(() => makeFixedRecognizer({ affirm: ['sí'], deny: ['Si!'] })).toThrow(/listed as affirm and deny/);
  });
});
