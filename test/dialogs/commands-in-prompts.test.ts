import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeBotHarness, type BotHarness } from '../support/bot-harness.js';

// Every command works inside every prompt (issue 12): the menu, a person, stop, wrong person, a language
// switch and a clear top-level request, each tried while each question of each dialog waits for its answer.
interface PromptCase {
  readonly prompt: string;
  /** Messages that open the prompt (verification included where needed). */
  readonly reach: readonly string[];
  /** The prompt's question, to see it asked again in English after "english". */
  readonly englishQuestion: RegExp;
  /** What "cuánto debo" does there: the balance, a reminder that verification comes first, or (raw text) nothing special. */
  readonly balanceRequest: RegExp | null;
}

const maria = '12.345.678-5 14/03/1985';
const pedro = '15.882.064-1 01/12/1970';

const prompts: readonly PromptCase[] = [
  {
    prompt: 'the document number',
    reach: ['cuánto debo'],
    englishQuestion: /ID number/,
    balanceRequest: /primero necesito confirmar tu identidad/,
  },
  {
    prompt: 'the date of birth',
    reach: ['cuánto debo', '12.345.678-5'],
    englishQuestion: /date of birth/,
    balanceRequest: /primero necesito confirmar tu identidad/,
  },
  {
    prompt: "the phone's last four digits",
    reach: ['cuánto debo', '7394 15/01/1990'],
    englishQuestion: /last 4 digits/,
    balanceRequest: /primero necesito confirmar tu identidad/,
  },
  {
    prompt: 'which account',
    reach: [maria, 'quiero un plan de cuotas'],
    englishQuestion: /Which account/,
    balanceRequest: /Tienes 2 cuentas/,
  },
  {
    prompt: 'the plan offer',
    reach: [maria, 'quiero un plan de cuotas', '1'],
    englishQuestion: /Which account/,
    balanceRequest: /Tienes 2 cuentas/,
  },
  {
    prompt: 'the plan change',
    reach: [maria, 'quiero un plan de cuotas', '1', 'Cambiar'],
    englishQuestion: /Which account/,
    balanceRequest: /Tienes 2 cuentas/,
  },
  {
    prompt: 'the settlement offer',
    reach: [maria, 'quiero pagar el total', '1'],
    englishQuestion: /Which account/,
    balanceRequest: /Tienes 2 cuentas/,
  },
  {
    prompt: 'the promise amount',
    reach: [pedro, 'quiero prometer un pago'],
    englishQuestion: /How much/,
    balanceRequest: /estado de tu cuenta/,
  },
  {
    prompt: 'the promise date',
    reach: [pedro, 'prometo pagar 10000'],
    englishQuestion: /what day will you pay/i,
    balanceRequest: /estado de tu cuenta/,
  },
  {
    prompt: 'the promise read-back',
    reach: [pedro, 'prometo pagar 10000 el viernes'],
    englishQuestion: /confirm/,
    balanceRequest: /estado de tu cuenta/,
  },
  {
    prompt: 'the payment date',
    reach: [pedro, 'ya pagué'],
    englishQuestion: /what day did you pay/i,
    balanceRequest: /estado de tu cuenta/,
  },
  {
    prompt: 'the payment amount',
    reach: [pedro, 'ya pagué', 'ayer'],
    englishQuestion: /what day did you pay/i,
    balanceRequest: /estado de tu cuenta/,
  },
  {
    prompt: 'the dispute reason',
    reach: [pedro, 'quiero reclamar'],
    englishQuestion: /What's the problem/,
    balanceRequest: /estado de tu cuenta/,
  },
  {
    prompt: 'the dispute description',
    reach: [pedro, 'quiero reclamar', 'Otro motivo'],
    englishQuestion: /What's the problem/,
    balanceRequest: null,
  },
  {
    prompt: 'hardship',
    reach: [pedro, 'perdí mi trabajo y no me alcanza'],
    englishQuestion: /difficult|hard time/,
    balanceRequest: /estado de tu cuenta/,
  },
];

interface CommandCase {
  readonly command: string;
  readonly say: string;
  readonly expect: RegExp;
}

const menuReply = /Esto es lo que puedo hacer/;
const commands: readonly CommandCase[] = [
  { command: 'help', say: 'ayuda', expect: menuReply },
  { command: 'menu', say: 'menú', expect: menuReply },
  { command: 'back', say: 'volver', expect: menuReply },
  { command: 'cancel', say: 'cancelar', expect: menuReply },
  { command: 'a person', say: 'quiero hablar con una persona', expect: /persona del equipo/ },
  { command: 'stop', say: 'STOP', expect: /no quieres recibir más mensajes/ },
  { command: 'wrong person', say: 'número equivocado, no soy esa persona', expect: /no corresponde/ },
];

let harness: BotHarness;
beforeAll(async () => {
  harness = await makeBotHarness();
});
afterAll(async () => {
  await harness?.destroy();
});

async function openPrompt(prompt: PromptCase) {
  const chat = harness.conversation('es-CL');
  for (const message of prompt.reach) await chat.ask(message);
  return chat;
}

describe.each(prompts.map((prompt) => [prompt.prompt, prompt] as const))('while the bot waits for %s', (_name, prompt) => {
  it.each(commands.map((command) => [command.command, command] as const))('"%s" works', async (_command, command) => {
    const chat = await openPrompt(prompt);
    expect(await chat.ask(command.say)).toMatch(command.expect);
    // After a person is asked for, the bot stays quiet for the agent; otherwise it is ready for anything new.
    if (command.command === 'a person') expect(await chat.ask('hola')).toBe('');
    else expect(await chat.ask('hola')).toMatch(/Banco Demo/);
  });

  it('"english" switches and asks again in English', async () => {
    const chat = await openPrompt(prompt);
    const reply = await chat.ask('english');
    expect(reply).toMatch(/continue in English/);
    expect(reply).toMatch(prompt.englishQuestion);
  });

  it('"cuánto debo" is understood there', async () => {
    const chat = await openPrompt(prompt);
    const reply = await chat.ask('cuánto debo');
    if (prompt.balanceRequest) expect(reply).toMatch(prompt.balanceRequest);
    else expect(reply).toMatch(/DSP-/);
  });
});
