import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buttonsOf, makeBotHarness, type BotHarness } from '../support/bot-harness.js';

// Every dialog prompt that offers options: each option is selected by its title typed (lower case, no
// accents, with punctuation) and by its number, and both do what pressing it does.
type Debtor = 'maria' | 'pedro';
const identities: Record<Debtor, string> = { maria: '12.345.678-5 14/03/1985', pedro: '15.882.064-1 01/12/1970' };

interface OptionCase {
  readonly title: string;
  /** The reply selecting the option must match. */
  readonly expect: RegExp;
  /** The option writes to the ledger (it gets a database of its own). */
  readonly writes?: boolean;
  /** Messages sent after selecting, and what the last reply must match. */
  readonly then?: { readonly say: string; readonly expect: RegExp };
}

interface PromptCase {
  readonly prompt: string;
  readonly debtor: Debtor;
  /** Messages that lead to the prompt, after verification. */
  readonly reach: readonly string[];
  readonly options: readonly OptionCase[];
}

const menu: OptionCase[] = [
  { title: 'Ver mi saldo', expect: /estado de tu cuenta/ },
  { title: 'Pagar el total', expect: /total a pagar es \$15\.000/ },
  { title: 'Plan de cuotas', expect: /muy bajo para un plan/ },
  { title: 'Prometer un pago', expect: /Cuánto podrás pagar/ },
  { title: 'Ya pagué', expect: /Qué día hiciste el pago/ },
  { title: 'No reconozco la deuda', expect: /Cuál es el problema/ },
  { title: 'Formas de pago', expect: /^Puedes pagar por/ },
  { title: 'Hablar con una persona', expect: /persona del equipo/ },
];

const prompts: readonly PromptCase[] = [
  { prompt: 'the greeting', debtor: 'pedro', reach: ['hola'], options: [...menu.slice(0, 4), menu[7] as OptionCase] },
  { prompt: 'the help menu', debtor: 'pedro', reach: ['ayuda'], options: menu },
  { prompt: 'the menu after two misunderstandings', debtor: 'pedro', reach: ['zxqw plorf', 'brrr mmm'], options: menu },
  {
    prompt: 'what to do after the balance',
    debtor: 'pedro',
    reach: ['cuánto debo'],
    options: [menu[1], menu[2], menu[3], menu[7]] as OptionCase[],
  },
  {
    prompt: 'which account',
    debtor: 'maria',
    reach: ['quiero un plan de cuotas'],
    options: [
      { title: 'Tarjeta de crédito …0001 · $1.250.000', expect: /Total: \$1\.250\.000/ },
      { title: 'Tarjeta de crédito …0002 · US$480,25', expect: /Total: US\$480,25/ },
    ],
  },
  {
    prompt: 'the plan offer',
    debtor: 'maria',
    reach: ['quiero un plan de cuotas', '1'],
    options: [
      { title: 'Aceptar', expect: /plan quedó registrado/, writes: true },
      { title: 'Cambiar', expect: /Cuántas cuotas/ },
      { title: 'No, gracias', expect: /no registré ningún plan/ },
    ],
  },
  {
    prompt: 'the adjusted plan offer (asked for more installments than allowed)',
    debtor: 'maria',
    reach: ['quiero pagar en 40 cuotas', '1'],
    options: [
      { title: 'Aceptar', expect: /plan quedó registrado/, writes: true },
      { title: 'Cambiar', expect: /Cuántas cuotas/ },
      { title: 'No, gracias', expect: /no registré ningún plan/ },
      { title: 'Hablar con una persona', expect: /persona del equipo/ },
    ],
  },
  {
    prompt: 'the settlement offer',
    debtor: 'maria',
    reach: ['quiero pagar el total', '1'],
    options: [
      { title: 'Sí', expect: /quedó registrado: pagarás/, writes: true },
      { title: 'No', expect: /no registré ningún plan/ },
      { title: 'Hablar con una persona', expect: /persona del equipo/ },
    ],
  },
  {
    prompt: 'the promise read-back',
    debtor: 'pedro',
    reach: ['prometo pagar 10000 el viernes'],
    options: [
      { title: 'Sí', expect: /registré tu compromiso/, writes: true },
      { title: 'No', expect: /no registré ningún compromiso/ },
    ],
  },
  {
    prompt: 'the dispute reason',
    debtor: 'pedro',
    reach: ['quiero reclamar'],
    options: [
      { title: 'No es mía', expect: /qué pasó/, writes: true, then: { say: 'nunca contraté ese servicio', expect: /DSP-/ } },
      { title: 'El monto está mal', expect: /qué pasó/, writes: true, then: { say: 'me cobraron dos veces', expect: /DSP-/ } },
      { title: 'Ya la pagué', expect: /qué pasó/, writes: true, then: { say: 'pagué en octubre', expect: /DSP-/ } },
      { title: 'Fue un fraude', expect: /qué pasó/, writes: true, then: { say: 'me robaron la identidad', expect: /DSP-/ } },
      { title: 'Otro motivo', expect: /qué pasó/, writes: true, then: { say: 'tengo otra consulta', expect: /DSP-/ } },
    ],
  },
  {
    prompt: 'hardship',
    debtor: 'maria',
    reach: ['perdí mi trabajo y no me alcanza'],
    options: [
      { title: 'Plan con cuotas más bajas', expect: /cuál cuenta/ },
      { title: 'Hablar con una persona', expect: /persona del equipo/ },
      { title: 'No, gracias', expect: /no registré ningún plan/ },
    ],
  },
  {
    prompt: 'a question missed twice (the menu and a person)',
    debtor: 'pedro',
    reach: ['prometo pagar', 'mmm', 'no sé'],
    options: [
      { title: 'Ver opciones', expect: /Esto es lo que puedo hacer/ },
      { title: 'Hablar con una persona', expect: /persona del equipo/ },
    ],
  },
];

/** The title as someone types it: lower case, no accents, an exclamation mark. */
function typed(title: string): string {
  return `${title
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()}!`;
}

const disputeCategoryByTitle: Record<string, string> = {
  'No es mía': 'not_mine',
  'El monto está mal': 'amount_wrong',
  'Ya la pagué': 'already_paid',
  'Fue un fraude': 'fraud',
  'Otro motivo': 'other',
};

let shared: BotHarness;
beforeAll(async () => {
  shared = await makeBotHarness();
});
afterAll(async () => {
  await shared?.destroy();
});

describe.each(prompts.map((prompt) => [prompt.prompt, prompt] as const))('options of %s', (_name, prompt) => {
  const cases = prompt.options.flatMap((option, index) => [
    { option, mode: 'typed title', text: typed(option.title) },
    { option, mode: 'number', text: String(index + 1) },
  ]);
  it.each(cases.map((item) => [item.option.title, item.mode, item] as const))('"%s" by its %s', async (_title, _mode, { option, text }) => {
    const harness = option.writes ? await makeBotHarness() : shared;
    try {
      const chat = harness.conversation('es-CL');
      await chat.ask(identities[prompt.debtor]);
      let offered: string[] = [];
      for (const message of prompt.reach) offered = buttonsOf((await chat.say(message)).at(-1));
      expect(offered).toEqual(prompt.options.map((item) => item.title));
      const reply = await chat.ask(text);
      expect(reply).toMatch(option.expect);
      if (option.then) {
        const last = await chat.ask(option.then.say);
        expect(last).toMatch(option.then.expect);
        const category = disputeCategoryByTitle[option.title];
        if (category) {
          const reference = /DSP-[A-Z2-9]{6}/.exec(last)?.[0] ?? '';
          expect((await harness.database.prisma.dispute.findUniqueOrThrow({ where: { reference } })).category).toBe(category);
        }
      }
    } finally {
      if (option.writes) await harness.destroy();
    }
  });
});
