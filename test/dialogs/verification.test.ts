import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buttonsOf, makeBotHarness, type BotHarness } from '../support/bot-harness.js';

let harness: BotHarness;
beforeAll(async () => {
  harness = await makeBotHarness();
});
afterAll(async () => {
  await harness?.destroy();
});

describe('verification before disclosure', () => {
  it('greets a new web chat user with the menu and says nothing about any debt', async () => {
    const chat = harness.conversation('es-CL');
    const [greeting] = await chat.say({ type: 'conversationUpdate', membersAdded: [{ id: chat.userId, name: 'Debtor' }], text: undefined });
    expect(greeting?.text).toContain('Banco Demo');
    expect(buttonsOf(greeting)).toContain('Ver mi saldo');
    expect(greeting?.text).not.toMatch(/\$|\d{3}/);
  });

  it('greets nobody when only the bot joins, answers nothing to typing or events, then goes on', async () => {
    const chat = harness.conversation('es-CL');
    expect(await chat.say({ type: 'conversationUpdate', membersAdded: [{ ...chat.adapter.conversation.bot }], text: undefined })).toEqual(
      [],
    );
    expect(await chat.say({ type: 'typing', text: undefined })).toEqual([]);
    expect(await chat.say({ type: 'event', name: 'webchat/join', value: {}, text: undefined })).toEqual([]);
    expect(await chat.ask('cuanto debo')).toMatch(/documento/i);
  });

  it('asks for the document before answering a balance question, then shows every account in its currency', async () => {
    const chat = harness.conversation('es-CL');
    const first = await chat.ask('cuanto debo??');
    expect(first).toMatch(/documento/i);
    expect(first).not.toMatch(/\$|1\.250\.000/);
    expect(await chat.ask('12.345.678-5')).toMatch(/fecha de nacimiento/i);
    const answer = await chat.ask('14/03/1985');
    expect(answer).toContain('Gracias, María');
    expect(answer).toContain('$1.250.000');
    expect(answer).toMatch(/US\$\s?480,25/);
    expect(answer).toContain('terminada en 0001');
    const stored = await harness.database.prisma.message.findMany({
      where: { conversation: { channelConversationId: chat.conversationId }, direction: 'in' },
    });
    expect(stored.map((message) => message.text)).toEqual(['cuanto debo??', '[identity data]', '[identity data]']);
  });

  it('accepts the document and an ISO date in one message', async () => {
    const chat = harness.conversation('es-PE');
    await chat.ask('quiero ver mi saldo');
    const answer = await chat.ask('45678912 1990-11-02');
    expect(answer).toContain('Gracias, Carlos');
    expect(answer).toContain('S/ 3,480.50');
  });

  it('fails the same way for an unknown document and a wrong date, then locks, and a correct answer while locked still fails', async () => {
    const chat = harness.conversation('es-CL');
    await chat.ask('saldo');
    await chat.ask('99.999.999-9');
    const unknownDocument = await chat.ask('01/01/1980');
    await chat.ask('12.345.678-5');
    const wrongDate = await chat.ask('01/01/1980');
    const attempts = /Te quedan? \d+ intentos?/;
    expect(unknownDocument.replace(attempts, 'N')).toBe(wrongDate.replace(attempts, 'N'));
    expect(unknownDocument).toContain('quedan 2 intentos');
    await chat.ask('12.345.678-5');
    const locked = await chat.ask('02/02/1980');
    expect(locked).toMatch(/30 minutos/);
    await chat.ask('saldo');
    await chat.ask('12.345.678-5');
    const stillLocked = await chat.ask('14/03/1985');
    expect(stillLocked).toMatch(/pausamos la verificación/);
    expect(stillLocked).not.toContain('1.250.000');
  });

  it('asks for the phone when two debtors share document and birth date, and tells them apart', async () => {
    const chat = harness.conversation('en-US');
    await chat.ask('how much do I owe');
    await chat.ask('7394');
    expect(await chat.ask('01/15/1990')).toMatch(/last 4 digits of your phone/);
    const answer = await chat.ask('0202');
    expect(answer).toContain('Thank you, Robert');
    expect(answer).toContain('$96.30');
    expect(answer).not.toContain('812.10');
  });

  it('gives US debtors the debt-collector disclosure with the first disclosure, once', async () => {
    const chat = harness.conversation('en-US');
    await chat.ask('what is my balance');
    await chat.ask('4821');
    const first = await chat.ask('04/12/1979');
    expect(first).toContain('This is a communication from a debt collector');
    expect(first.indexOf('debt collector')).toBeLessThan(first.indexOf('$2,450.75'));
    const second = await chat.ask('balance');
    expect(second).toContain('$2,450.75');
    expect(second).not.toContain('debt collector');
  });

  it('keeps the verified link for a later conversation of the same channel user, who confirms the date of birth alone', async () => {
    const chat = harness.conversation('es-MX');
    await chat.ask('saldo');
    await chat.ask('LOHA900512MDFPRN09');
    expect(await chat.ask('12/05/1990')).toContain('$15,000.00');
    const later = harness.conversation('es-MX', chat.userId);
    const asked = await later.ask('cuanto debo');
    expect(asked).toMatch(/confirma tu fecha de nacimiento/);
    expect(asked).not.toContain('$15,000.00');
    expect(await later.ask('12/05/1990')).toContain('$15,000.00');
  });
});
