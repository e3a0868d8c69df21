// What a Direct Line client sees when its conversation leaves the server's bounded memory (WEBCHAT_ACTIVITY_CACHE_MB):
// the official botframework-directlinejs client resumes with its token and watermark, activities it had not received
// are still there while the conversation is held, and after an eviction nothing old comes back and nothing new is lost.
import type { Activity, Message } from 'botframework-directlinejs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ClientSession } from './support/direct-line-client.js';
import { activitiesAfter, call, openStream, say, startConversation } from './support/http.js';
import { startTestServer, type TestServer } from './support/test-server.js';

/** The cap of the test server: about 15 short conversations. */
const cacheBytes = 32 * 1024;
/** Conversations that, started one after another, push everything older out of the cache. */
const floodSize = 40;

let server: TestServer;

beforeAll(async () => {
  server = await startTestServer({ activityCacheBytes: cacheBytes });
});

afterAll(async () => {
  await server.close();
});

const isBotMessage = (activity: Activity): activity is Message => activity.type === 'message' && activity.from.role === 'bot';
const textsOf = (activities: readonly Activity[]) =>
  activities.filter((activity): activity is Message => activity.type === 'message').map((activity) => activity.text);

/** Starts conversations whose clients read everything on their stream, then leave. */
async function floodRead(count: number): Promise<void> {
  for (let index = 0; index < count; index += 1) {
    const conversation = await startConversation(server.baseUrl);
    const stream = await openStream(conversation.streamUrl);
    await stream.waitForActivities(1);
    await say(server.baseUrl, conversation, 'x');
    await stream.waitForActivities(3);
    stream.socket.close();
    await stream.closed;
  }
}

/** Starts conversations whose clients never read what they get. */
async function floodUnread(count: number): Promise<void> {
  for (let index = 0; index < count; index += 1) await say(server.baseUrl, await startConversation(server.baseUrl), 'x');
}

/** Sends a message into the conversation on the bot's initiative (as an agent's reply does). */
async function botSays(conversationId: string, text: string): Promise<void> {
  await server.webChat.adapter.continueConversation(server.bot.references.get(conversationId) ?? {}, async (context) => {
    await context.sendActivity(text);
  });
}

/** The watermark the official client would send next. */
function watermarkOf(client: ClientSession): string {
  return (client.directLine as unknown as { watermark: string }).watermark;
}

async function newToken(): Promise<{ token: string; conversationId: string }> {
  const response = await call(server.baseUrl, '/api/webchat/token', { method: 'POST' });
  return (await response.json()) as { token: string; conversationId: string };
}

describe('a conversation evicted from the bounded activity cache', () => {
  it('keeps what a client away has not received while others fill the cache, and after an eviction resumes without replaying or losing anything', async () => {
    const { token, conversationId } = await newToken();
    const domain = `${server.baseUrl}/v3/directline`;
    const first = new ClientSession({ token, domain, webSocket: false, pollingInterval: 200 });
    await first.say('one');
    await first.waitForBotText('echo: one');
    first.end();

    await botSays(conversationId, 'while away');
    await floodRead(floodSize);
    const second = new ClientSession({
      token,
      domain,
      conversationId,
      watermark: watermarkOf(first),
      webSocket: false,
      pollingInterval: 200,
    });
    await second.waitForBotText('while away');
    second.end();
    expect(textsOf(first.activities)).toEqual(['Hello! I am the test assistant.', 'one', 'echo: one']);
    expect(textsOf(second.activities)).toEqual(['while away']);

    await floodUnread(floodSize);
    await botSays(conversationId, 'after the eviction');
    const third = new ClientSession({
      token,
      domain,
      conversationId,
      watermark: watermarkOf(second),
      webSocket: false,
      pollingInterval: 200,
    });
    await third.waitForBotText('after the eviction');
    await third.say('two');
    await third.waitForBotText('echo: two');
    third.end();

    expect(textsOf(third.activities)).toEqual(['after the eviction', 'two', 'echo: two']);
    const held = await activitiesAfter(server.baseUrl, { conversationId, token });
    expect(held.activities.map((activity) => activity.text)).toEqual(['after the eviction', 'two', 'echo: two']);
    const ids = [...first.activities, ...second.activities, ...third.activities].map((activity) => activity.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(third.activities[0]?.id).toMatch(new RegExp(`^${conversationId}\\|\\d{13,}$`));
    expect(server.bot.greetings.get(conversationId)).toBe(1);
  }, 60_000);

  it('goes on pushing to the open WebSocket of a conversation evicted meanwhile', async () => {
    const { token, conversationId } = await newToken();
    const client = new ClientSession({ token, domain: `${server.baseUrl}/v3/directline`, webSocket: true });
    await client.waitFor(isBotMessage);
    await client.say('one');
    await client.waitForBotText('echo: one');

    await floodUnread(floodSize);
    expect(await activitiesAfter(server.baseUrl, { conversationId, token })).toEqual({ activities: [] });
    await botSays(conversationId, 'after the eviction');
    await client.waitForBotText('after the eviction');
    await client.say('two');
    await client.waitForBotText('echo: two');
    client.end();

    expect(textsOf(client.activities)).toEqual([
      'Hello! I am the test assistant.',
      'one',
      'echo: one',
      'after the eviction',
      'two',
      'echo: two',
    ]);
    const ids = client.activities.map((activity) => activity.id);
    expect(new Set(ids).size).toBe(ids.length);
  }, 60_000);
});
