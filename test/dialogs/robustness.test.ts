import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Recognizer } from '../../nlu/types.js';
import { buttonsOf, localRecognizer, makeBotHarness, type BotHarness } from '../support/bot-harness.js';

// Bad input goes through the whole turn, the trained recognizer included: this file does not use the fixed phrase table.
let harness: BotHarness;
beforeAll(async () => {
  harness = await makeBotHarness({ recognizer: 'trained' });
});
afterAll(async () => {
  await harness?.destroy();
});

describe('bad input never breaks a conversation', () => {
  it.each([
    ['a 10,000-character message', 'a'.repeat(10_000)],
    ['only emoji', '😀😀🙏💸'],
    ['HTML and a script tag', '<script>alert(1)</script><img src=x onerror=alert(2)>'],
    ['SQL-looking text', '\'; DROP TABLE "Debtor"; --'],
    ['null bytes', 'hola\u0000\u0000mundo'],
    ['an empty message', ''],
  ])('answers %s politely and keeps working', async (_label, text) => {
    const chat = harness.conversation('es-CL');
    const reply = await chat.ask(text);
    expect(reply.length).toBeGreaterThan(0);
    expect(reply).not.toMatch(/Error|undefined|null/);
    expect(await chat.ask('cuánto debo')).toMatch(/documento/);
    expect(await harness.database.prisma.debtor.count()).toBe(9);
  });

  it('ignores unknown activity types without replying', async () => {
    const chat = harness.conversation('es-CL');
    expect(await chat.say({ type: 'somethingNew', text: undefined })).toEqual([]);
    expect(await chat.ask('hola')).toMatch(/Banco Demo/);
  });

  it('offers the menu and a person after two messages it does not understand', async () => {
    const chat = harness.conversation('es-CL');
    expect(await chat.ask('zxqw plorf')).toMatch(/no te entendí/);
    const second = await chat.say('brrr mmm');
    expect(second.at(-1)?.text).toMatch(/Sigo sin entenderte/);
    expect(buttonsOf(second.at(-1))).toContain('Hablar con una persona');
  });

  it('switches language on "english" and back on "español"', async () => {
    const chat = harness.conversation('es-CL');
    expect(await chat.ask('english')).toMatch(/continue in English/);
    expect(await chat.ask('what is my balance')).toMatch(/ID number/);
    expect(await chat.ask('español')).toMatch(/seguimos en español/);
  });

  it('processes a redelivered activity once', async () => {
    const chat = harness.conversation('es-CL');
    const activity = { ...chat.adapter.makeActivity('hola'), id: 'redelivered-1' };
    expect((await chat.say(activity)).length).toBe(1);
    expect(await chat.say(activity)).toEqual([]);
    const stored = await harness.database.prisma.message.count({
      where: { conversation: { channelConversationId: chat.conversationId }, direction: 'in' },
    });
    expect(stored).toBe(1);
  });
});

describe('a failing turn', () => {
  it('apologises, and the conversation still works on the next turn', async () => {
    const real = await localRecognizer();
    let failNext = true;
    const flaky: Recognizer = {
      async recognize(text, options) {
        if (failNext) {
          failNext = false;
          throw new Error('recognizer exploded');
        }
        return real.recognize(text, options);
      },
    };
    const failing = await makeBotHarness({ recognizer: flaky });
    try {
      const chat = failing.conversation('es-CL');
      expect(await chat.ask('cuanto debo')).toMatch(/problema técnico/);
      expect(await chat.ask('cuanto debo')).toMatch(/documento/);
    } finally {
      await failing.destroy();
    }
  });
});

describe('free-text answers', () => {
  it('takes a dispute description that sounds like a new dispute as the description', async () => {
    const chat = harness.conversation('es-PE');
    await chat.ask('cuanto debo');
    await chat.ask('45678912 1990-11-02');
    expect(await chat.ask('esa deuda no es mía')).toMatch(/qué pasó/);
    expect(await chat.ask('no es mi deuda, nunca contraté ese servicio')).toMatch(/DSP-[A-Z2-9]{6}/);
  });
});
