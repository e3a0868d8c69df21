// The official botframework-directlinejs client against our server, over WebSocket and by polling.
import type { Activity, Message } from 'botframework-directlinejs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ClientSession } from './support/direct-line-client.js';
import { call, openStream } from './support/http.js';
import { startTestServer, type TestServer } from './support/test-server.js';

let server: TestServer;

beforeAll(async () => {
  server = await startTestServer();
});

afterAll(async () => {
  await server.close();
});

async function newToken(): Promise<{ token: string; userId: string; conversationId: string }> {
  const response = await call(server.baseUrl, '/api/webchat/token', { method: 'POST' });
  return (await response.json()) as { token: string; userId: string; conversationId: string };
}

const isBotMessage = (activity: Activity): activity is Message => activity.type === 'message' && activity.from.role === 'bot';

describe.each([
  { mode: 'WebSocket', webSocket: true },
  { mode: 'polling', webSocket: false },
])('the official Direct Line client ($mode)', ({ webSocket }) => {
  async function connect(locale?: string) {
    const { token, userId, conversationId } = await newToken();
    const client = new ClientSession({
      token,
      domain: `${server.baseUrl}/v3/directline`,
      webSocket,
      pollingInterval: 200,
      ...(locale ? { conversationStartProperties: { locale } } : {}),
    });
    await client.waitFor(isBotMessage);
    return { client, userId, conversationId };
  }

  it('greets once when the conversation starts, in the locale the client started it with', async () => {
    const { client, conversationId } = await connect('es-CL');
    const greeting = await client.waitForBotText('¡Hola! Soy el asistente de prueba.');
    expect(greeting.id).toBe(`${conversationId}|0000000`);
    expect((greeting as Message).suggestedActions?.actions.map((action) => action.title)).toEqual(['Ver saldo', 'Menú']);
    await client.say('hola');
    await client.waitForBotText('echo: hola');
    expect(server.bot.greetings.get(conversationId)).toBe(1);
    expect(client.botMessages().filter((message) => message.text?.startsWith('¡Hola!'))).toHaveLength(1);
    client.end();
  });

  it('posts a message, gets its id back, sees its own echo and the reply, each once', async () => {
    const { client, conversationId, userId } = await connect();
    const id = await client.say('hello there');
    expect(id).toMatch(new RegExp(`^${conversationId}\\|\\d{7}$`));
    await client.waitForBotText('echo: hello there');
    const echo = client.activities.find((activity) => activity.id === id);
    expect(echo).toMatchObject({ type: 'message', text: 'hello there', from: { id: userId, role: 'user' } });
    const ids = client.activities.map((activity) => activity.id);
    expect(new Set(ids).size).toBe(ids.length);
    client.end();
  });

  it('receives suggested actions and answers the value of the one used', async () => {
    const { client } = await connect();
    await client.say('menu');
    const menu = (await client.waitForBotText('Choose an option')) as Message;
    expect(menu.suggestedActions?.actions).toEqual([
      { type: 'imBack', title: 'Balance', value: 'balance' },
      { type: 'messageBack', title: 'Pay', text: 'pay now', displayText: 'Pay', value: { intent: 'pay' } },
    ]);
    await client.say(String(menu.suggestedActions?.actions[0]?.value));
    await client.waitForBotText('Your balance is $100.00');
    client.end();
  });

  it('delivers a proactive message sent later through adapter.continueConversation', async () => {
    const { client, conversationId } = await connect();
    await client.say('hi');
    await client.waitForBotText('echo: hi');
    const reference = server.bot.references.get(conversationId);
    expect(reference).toBeDefined();
    await server.webChat.adapter.continueConversation(reference ?? {}, async (context) => {
      await context.sendActivity('An agent writes: hello!');
    });
    const proactive = await client.waitForBotText('An agent writes: hello!');
    expect(proactive.from).toMatchObject({ role: 'bot' });
    client.end();
  });

  it('handles a 10,000-character message, emoji, markup, null bytes, empty text and unknown types', async () => {
    const { client } = await connect();
    const long = 'a'.repeat(10_000);
    await client.say(long);
    await client.waitForBotText(`echo: ${long}`);
    await client.say(`${'b'.repeat(10_050)}`);
    await client.waitForBotText(`echo: ${'b'.repeat(10_000)}`);
    await client.say('😀🎉👍🏽');
    await client.waitForBotText('echo: 😀🎉👍🏽');
    await client.say('<script>alert(1)</script>');
    await client.waitForBotText('echo: <script>alert(1)</script>');
    await client.say('nul\u0000byte');
    await client.waitForBotText('echo: nulbyte');
    await client.say('');
    await client.waitForBotText('echo: ');
    const unknownId = await client.post({ type: 'x-custom-thing' as Activity['type'] });
    expect(unknownId).toMatch(/\|\d{7}$/);
    await client.say('still here');
    await client.waitForBotText('echo: still here');
    client.end();
  });

  it('attributes activities to the token user whatever from.id the client claims', async () => {
    const { client, userId } = await connect();
    await client.say('whoami', { from: { id: 'dl_someone_else', name: 'Mallory' } });
    await client.waitForBotText(`you are ${userId}`);
    const received = server.bot.received.find((activity) => activity.text === 'whoami' && activity.from.id === userId);
    expect(received).toMatchObject({
      channelId: 'webchat',
      from: { id: userId, name: 'Mallory', role: 'user' },
      recipient: { role: 'bot' },
    });
    client.end();
  });

  it('passes Web Chat event activities to the bot', async () => {
    const { client } = await connect();
    await client.post({ type: 'event', name: 'webchat/join', value: { language: 'en-US' } } as Partial<Activity> & { type: 'event' });
    await client.post({ type: 'event', name: 'ping' } as Partial<Activity> & { type: 'event' });
    await client.waitForBotText('pong');
    expect(server.bot.received.some((activity) => activity.type === 'event' && activity.name === 'webchat/join')).toBe(true);
    client.end();
  });

  it('keeps the conversation usable after a turn fails', async () => {
    const { client } = await connect();
    // The server answers 502 BotError, as Direct Line does; the client turns any 5xx into the id 'retry'.
    await expect(client.say('fail')).resolves.toBe('retry');
    await client.say('after the failure');
    await client.waitForBotText('echo: after the failure');
    client.end();
  });
});

describe('the official Direct Line client over WebSocket', () => {
  it('receives the typing indicator the bot sends', async () => {
    const { token } = await newToken();
    const client = new ClientSession({ token, domain: `${server.baseUrl}/v3/directline`, webSocket: true });
    await client.waitFor(isBotMessage);
    await client.say('typing');
    await client.waitForBotText('done typing');
    const typing = client.activities.find((activity) => activity.type === 'typing');
    expect(typing).toMatchObject({ type: 'typing', from: { role: 'bot' } });
    client.end();
  });

  it('after its socket is replaced by another, reconnects from its watermark without losing or repeating activities', async () => {
    const { token, conversationId } = await newToken();
    // random() = 0 makes the client retry after its minimum delay (3 s).
    const client = new ClientSession({ token, domain: `${server.baseUrl}/v3/directline`, webSocket: true, random: () => 0 });
    await client.waitFor(isBotMessage);
    await client.say('one');
    await client.waitForBotText('echo: one');

    const reconnect = await call(server.baseUrl, `/v3/directline/conversations/${conversationId}`, { token });
    const intruder = await openStream(((await reconnect.json()) as { streamUrl: string }).streamUrl);
    const reference = server.bot.references.get(conversationId) ?? {};
    for (const text of ['missed 1', 'missed 2']) {
      await server.webChat.adapter.continueConversation(reference, async (context) => {
        await context.sendActivity(text);
      });
    }
    await client.waitForBotText('missed 2', 20_000);
    expect((await intruder.closed).reason).toBe('collision');
    await client.say('two');
    await client.waitForBotText('echo: two');

    const texts = client.activities.filter((activity) => activity.type === 'message').map((activity) => (activity as Message).text);
    expect(texts).toEqual(['Hello! I am the test assistant.', 'one', 'echo: one', 'missed 1', 'missed 2', 'two', 'echo: two']);
    client.end();
  }, 30_000);
});
