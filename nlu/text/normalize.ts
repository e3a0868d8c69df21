import type { Language } from '../locale.js';
import { fold } from './fold.js';

/** Emoji and symbols that carry meaning in a debt chat, as words; every other emoji is dropped. */
const SYMBOL_WORDS: Readonly<Record<Language, readonly (readonly [RegExp, string])[]>> = {
  es: [
    [/👍|👌|✅|🆗|🤝|✔️?/gu, ' ok '],
    [/👎|❌|🚫|✖️?/gu, ' no '],
    [/🙏/gu, ' por favor '],
    [/👋/gu, ' hola '],
    [/#/g, ' numero '],
  ],
  en: [
    [/👍|👌|✅|🆗|🤝|✔️?/gu, ' ok '],
    [/👎|❌|🚫|✖️?/gu, ' no '],
    [/🙏/gu, ' please '],
    [/👋/gu, ' hi '],
    [/#/g, ' number '],
  ],
};

/** Chat abbreviations and contractions, token by token, mapped to their full words. */
const ABBREVIATIONS: Readonly<Record<Language, Readonly<Record<string, string>>>> = {
  es: {
    q: 'que',
    k: 'que',
    ke: 'que',
    qe: 'que',
    xq: 'porque',
    pq: 'porque',
    pk: 'porque',
    xk: 'porque',
    porq: 'porque',
    pqe: 'porque',
    tb: 'tambien',
    tmb: 'tambien',
    tmbn: 'tambien',
    tambn: 'tambien',
    plis: 'por favor',
    pliss: 'por favor',
    pls: 'por favor',
    plz: 'por favor',
    porfa: 'por favor',
    porfis: 'por favor',
    porfavor: 'por favor',
    xfa: 'por favor',
    xfavor: 'por favor',
    pf: 'por favor',
    x: 'por',
    d: 'de',
    dnd: 'donde',
    cdo: 'cuando',
    cto: 'cuanto',
    cnto: 'cuanto',
    cuant: 'cuanto',
    msj: 'mensaje',
    msjs: 'mensajes',
    msg: 'mensaje',
    nro: 'numero',
    num: 'numero',
    cel: 'celular',
    celu: 'celular',
    grax: 'gracias',
    grx: 'gracias',
    grs: 'gracias',
    grac: 'gracias',
    bn: 'bien',
    toy: 'estoy',
    tas: 'estas',
    ta: 'esta',
    pa: 'para',
    pal: 'para el',
    nd: 'nada',
    ud: 'usted',
    uds: 'ustedes',
    holi: 'hola',
    holis: 'hola',
    ola: 'hola',
    okey: 'ok',
    oki: 'ok',
    okis: 'ok',
    okay: 'ok',
    oka: 'ok',
    okk: 'ok',
    okas: 'ok',
    dsps: 'despues',
    dps: 'despues',
    info: 'informacion',
    hrs: 'horas',
    aki: 'aqui',
    aca: 'aqui',
    sta: 'esta',
    stoy: 'estoy',
    kiero: 'quiero',
    qiero: 'quiero',
    nesecito: 'necesito',
    nececito: 'necesito',
    ablar: 'hablar',
    aber: 'a ver',
    vdd: 'verdad',
    ntp: 'no te preocupes',
    wsp: 'whatsapp',
    wasap: 'whatsapp',
  },
  en: {
    u: 'you',
    ur: 'your',
    r: 'are',
    pls: 'please',
    plz: 'please',
    plis: 'please',
    thx: 'thanks',
    thnx: 'thanks',
    tnx: 'thanks',
    ty: 'thank you',
    tysm: 'thank you',
    idk: 'i do not know',
    b4: 'before',
    rn: 'right now',
    cuz: 'because',
    cos: 'because',
    bc: 'because',
    wanna: 'want to',
    gonna: 'going to',
    gotta: 'have to',
    lemme: 'let me',
    gimme: 'give me',
    wat: 'what',
    wut: 'what',
    ppl: 'people',
    msg: 'message',
    msgs: 'messages',
    acct: 'account',
    bal: 'balance',
    amt: 'amount',
    pmt: 'payment',
    pymt: 'payment',
    pmts: 'payments',
    dont: 'do not',
    cant: 'can not',
    wont: 'will not',
    im: 'i am',
    ive: 'i have',
    didnt: 'did not',
    isnt: 'is not',
    doesnt: 'does not',
    aint: 'is not',
    whats: 'what is',
    thats: 'that is',
    youre: 'you are',
    theres: 'there is',
    hows: 'how is',
    couldnt: 'could not',
    wasnt: 'was not',
    okey: 'ok',
    okay: 'ok',
    k: 'ok',
    kk: 'ok',
    okk: 'ok',
    info: 'information',
    hiya: 'hi',
    wdym: 'what do you mean',
    ima: 'i am going to',
    imma: 'i am going to',
    tryna: 'trying to',
    gotcha: 'got it',
    yall: 'you all',
  },
};

/** A doubled last letter that no word of the language ends with ("buenass", "sii", "heyy"). */
const STRETCHED_ENDING: Readonly<Record<Language, RegExp>> = {
  es: /([abdfghijkmnopqstuvwxyz])\1\b/g,
  en: /([aiuyh])\1\b/g,
};

/** Placeholder words that stand for entities in the text the classifier sees, identical in both languages. */
export const ENTITY_TOKENS = { amount: 'zzmonto', date: 'zzfecha', count: 'zzcuotas' } as const;

/** A span of the original message replaced by an entity placeholder. */
export interface Replacement {
  readonly kind: keyof typeof ENTITY_TOKENS;
  readonly span: readonly [number, number];
}

/**
 * Turns a WhatsApp-style message into the text the intent classifier sees: entities become placeholders,
 * then lower case without accents, meaningful emoji as words, stretched letters shortened ("siiii" → "si"),
 * abbreviations expanded ("q" → "que", "xq" → "porque", "pls" → "please"), punctuation dropped.
 */
export function normalizeForClassifier(text: string, language: Language, replacements: readonly Replacement[]): string {
  let withTokens = text;
  for (const { kind, span } of [...replacements].sort((a, b) => b.span[0] - a.span[0])) {
    withTokens = `${withTokens.slice(0, span[0])} ${ENTITY_TOKENS[kind]} ${withTokens.slice(span[1])}`;
  }
  let normalized = fold(withTokens);
  for (const [symbol, words] of SYMBOL_WORDS[language]) normalized = normalized.replace(symbol, words);
  normalized = normalized
    .replace(/\p{Extended_Pictographic}|\p{Emoji_Modifier}|\u200d|\ufe0f/gu, ' ')
    .replace(/'/g, '')
    .replace(/[^a-z0-9\s]/g, ' ')
    .replace(/([a-z])\1{2,}/g, '$1')
    .replace(STRETCHED_ENDING[language], '$1');
  const abbreviations = ABBREVIATIONS[language];
  return normalized
    .split(/\s+/)
    .filter((token) => token !== '')
    .map((token) => abbreviations[token] ?? token)
    .join(' ');
}
