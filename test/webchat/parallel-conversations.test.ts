// 50 conversations at once through the official client: each gets only its own replies.
import type { Message } from 'botframework-directlinejs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ClientSession } from './support/direct-line-client.js';
import { call } from './support/http.js';
import { startTestServer, type TestServer } from './support/test-server.js';

const conversationCount = 50;
let server: TestServer;

beforeAll(async () => {
  server = await startTestServer();
});

afterAll(async () => {
  await server.close();
});

describe('50 conversations in parallel', () => {
  it('each receives only its own replies', async () => {
    const sessions = await Promise.all(
      Array.from({ length: conversationCount }, async (_unused, index) => {
        const response = await call(server.baseUrl, '/api/webchat/token', { method: 'POST' });
        const { token, userId } = (await response.json()) as { token: string; userId: string };
        const client = new ClientSession({
          token,
          domain: `${server.baseUrl}/v3/directline`,
          webSocket: index % 5 !== 0,
          pollingInterval: 200,
        });
        return { client, userId, index };
      }),
    );
    await Promise.all(
      sessions.map(async ({ client, userId, index }) => {
        await client.say('whoami');
        await client.waitForBotText(`you are ${userId}`);
        await client.say(`number ${index}`);
        await client.waitForBotText(`echo: number ${index}`);
      }),
    );
    for (const { client, userId, index } of sessions) {
      const botTexts = client.botMessages().map((message: Message) => message.text);
      expect(botTexts).toEqual(['Hello! I am the test assistant.', `you are ${userId}`, `echo: number ${index}`]);
      const userIds = new Set(client.activities.filter((activity) => activity.from.role === 'user').map((activity) => activity.from.id));
      expect([...userIds]).toEqual([userId]);
      client.end();
    }
  }, 60_000);
});
