// Three web-chat servers on one Redis, as a fleet behind a load balancer without sticky sessions (DESIGN §15): any
// request or stream of a conversation may land on any of them. Skipped without REDIS_URL.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { activitiesAfter, call, openStream, say, type ConversationBody } from './support/http.js';
import { testRedisUrl, uniqueRedisPrefix } from './support/shared-hub.js';
import { startTestServer, testDirectLineSecret, type TestServer } from './support/test-server.js';

if (!testRedisUrl) console.warn('[skip] web chat across instances skipped: set REDIS_URL (e.g. redis://127.0.0.1:6379) to run it.');

let fleet: TestServer[] = [];

beforeAll(async () => {
  if (!testRedisUrl) return;
  const redis = { url: testRedisUrl, prefix: uniqueRedisPrefix('fleet') };
  fleet = await Promise.all([0, 1, 2].map(() => startTestServer({ redis })));
});

afterAll(async () => {
  await Promise.all(fleet.map((server) => server.close()));
});

/** Instance `index` of the fleet. */
function instance(index: number): TestServer {
  const server = fleet[index];
  if (!server) throw new Error(`no instance ${index}`);
  return server;
}

/** The same stream URL, on another instance. */
function streamOn(server: TestServer, streamUrl: string): string {
  const url = new URL(streamUrl);
  url.port = String(server.port);
  return url.toString();
}

/** A token from one instance and the conversation started on another. */
async function startAcross(tokenFrom: TestServer, startOn: TestServer): Promise<ConversationBody> {
  const { token } = (await (await call(tokenFrom.baseUrl, '/api/webchat/token', { method: 'POST' })).json()) as { token: string };
  const started = await call(startOn.baseUrl, '/v3/directline/conversations', { method: 'POST', token });
  expect(started.status).toBe(201);
  return (await started.json()) as ConversationBody;
}

describe.skipIf(!testRedisUrl)('Direct Line across three instances', () => {
  it('streams on one instance what is posted on the others, with one numbering', async () => {
    const conversation = await startAcross(instance(0), instance(1));
    const stream = await openStream(streamOn(instance(2), conversation.streamUrl));
    await stream.waitForActivities(1);
    await say(instance(0).baseUrl, conversation, 'one');
    await say(instance(1).baseUrl, conversation, 'two');
    await say(instance(2).baseUrl, conversation, 'three');
    const seen = await stream.waitForActivities(7);
    expect(seen.map((activity) => activity.text)).toEqual([
      'Hello! I am the test assistant.',
      'one',
      'echo: one',
      'two',
      'echo: two',
      'three',
      'echo: three',
    ]);
    expect(stream.sets.map((set) => set.watermark)).toEqual(['0', '1', '2', '3', '4', '5', '6']);
    // Every instance answers Get Activities the same, from any watermark.
    for (const server of fleet) {
      const after = await activitiesAfter(server.baseUrl, conversation, '2');
      expect(after.watermark).toBe('6');
      expect(after.activities.map((activity) => activity.text)).toEqual(['two', 'echo: two', 'three', 'echo: three']);
    }
    stream.socket.close();
  });

  it('greets once when the same conversation is started on every instance at once', async () => {
    const { token } = (await (await call(instance(0).baseUrl, '/api/webchat/token', { method: 'POST' })).json()) as { token: string };
    const answers = await Promise.all(
      fleet.map((server) => call(server.baseUrl, '/v3/directline/conversations', { method: 'POST', token })),
    );
    expect(answers.map((answer) => answer.status).sort()).toEqual([200, 200, 201]);
    const body = (await answers[0]!.json()) as ConversationBody;
    await expect.poll(async () => (await activitiesAfter(instance(1).baseUrl, { ...body, token })).activities.length).toBe(1);
    await new Promise((resolve) => setTimeout(resolve, 300));
    const all = await activitiesAfter(instance(2).baseUrl, { ...body, token });
    expect(all.activities.map((activity) => activity.text)).toEqual(['Hello! I am the test assistant.']);
  });

  it('keeps one WebSocket per conversation across the fleet: a newer one anywhere closes the older', async () => {
    const conversation = await startAcross(instance(1), instance(1));
    const first = await openStream(streamOn(instance(0), conversation.streamUrl));
    await first.waitForActivities(1);
    const second = await openStream(streamOn(instance(2), conversation.streamUrl));
    expect(await first.closed).toMatchObject({ code: 1000, reason: 'collision' });
    await say(instance(1).baseUrl, conversation, 'to the second');
    const seen = await second.waitForActivities(3);
    expect(seen.map((activity) => activity.text)).toEqual(['Hello! I am the test assistant.', 'to the second', 'echo: to the second']);
    expect(first.activities().map((activity) => activity.text)).not.toContain('to the second');
    second.socket.close();
  });

  it('resumes a stream on another instance from the watermark, losing and repeating nothing', async () => {
    const conversation = await startAcross(instance(2), instance(0));
    const stream = await openStream(streamOn(instance(0), conversation.streamUrl));
    await say(instance(0).baseUrl, conversation, 'before');
    await stream.waitForActivities(3);
    const watermark = stream.sets.at(-1)?.watermark;
    stream.socket.close();
    await stream.closed;
    await say(instance(1).baseUrl, conversation, 'while away');
    const resumed = new URL(streamOn(instance(2), conversation.streamUrl));
    resumed.searchParams.set('watermark', watermark ?? '');
    const again = await openStream(resumed.toString());
    const seen = await again.waitForActivities(2);
    expect(seen.map((activity) => activity.text)).toEqual(['while away', 'echo: while away']);
    again.socket.close();
  });

  it('lets the operator backend find, with the secret, a conversation another instance created; an unknown one is 404', async () => {
    const created = await call(instance(0).baseUrl, '/v3/directline/conversations', { method: 'POST', token: testDirectLineSecret });
    const { conversationId } = (await created.json()) as ConversationBody;
    expect(
      (await call(instance(2).baseUrl, `/v3/directline/conversations/${conversationId}`, { token: testDirectLineSecret })).status,
    ).toBe(200);
    expect((await call(instance(1).baseUrl, '/v3/directline/conversations/nobody-made-this', { token: testDirectLineSecret })).status).toBe(
      404,
    );
  });
});
