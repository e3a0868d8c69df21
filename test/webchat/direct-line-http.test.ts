// The Direct Line 3.0 contract step by step over plain HTTP and WebSocket: tokens, watermarks, the stream,
// bad input, CORS and the token endpoint's rate limit.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { activitiesAfter, call, openStream, say, startConversation, type ConversationBody } from './support/http.js';
import { startTestServer, testDirectLineSecret, type TestServer } from './support/test-server.js';

let server: TestServer;

beforeAll(async () => {
  server = await startTestServer({ allowedOrigins: ['https://lender.example'] });
});

afterAll(async () => {
  await server.close();
});

async function withServer(options: Parameters<typeof startTestServer>[0], test: (server: TestServer) => Promise<void>): Promise<void> {
  const dedicated = await startTestServer(options);
  try {
    await test(dedicated);
  } finally {
    await dedicated.close();
  }
}

async function waitUntil(condition: () => Promise<boolean> | boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

async function errorOf(response: Response): Promise<{ status: number; code: string }> {
  const body = (await response.json()) as { error: { code: string; message: string } };
  expect(body.error.message).toEqual(expect.any(String));
  return { status: response.status, code: body.error.code };
}

describe('tokens', () => {
  it('bind a token to its conversation: another conversation cannot be read or written (403)', async () => {
    const alice = await startConversation(server.baseUrl);
    const bob = await startConversation(server.baseUrl);
    const path = `/v3/directline/conversations/${bob.conversationId}`;
    expect(await errorOf(await call(server.baseUrl, `${path}/activities`, { token: alice.token }))).toEqual({
      status: 403,
      code: 'BadArgument',
    });
    expect(
      await errorOf(await call(server.baseUrl, `${path}/activities`, { token: alice.token, body: { type: 'message', text: 'hi bob' } })),
    ).toEqual({ status: 403, code: 'BadArgument' });
    expect(await errorOf(await call(server.baseUrl, path, { token: alice.token }))).toEqual({ status: 403, code: 'BadArgument' });
    const aliceStream = new URL(alice.streamUrl);
    const crossStream = `${aliceStream.origin.replace('http', 'ws')}/v3/directline/conversations/${bob.conversationId}/stream${aliceStream.search}`;
    await expect(openStream(crossStream)).rejects.toThrow('upgrade refused: 403');
    const bobActivities = await activitiesAfter(server.baseUrl, bob);
    expect(bobActivities.activities.map((activity) => activity.text)).not.toContain('hi bob');
  });

  it('answer 401 without credentials and 403 for a forged or unknown token', async () => {
    const { conversationId, token } = await startConversation(server.baseUrl);
    const path = `/v3/directline/conversations/${conversationId}/activities`;
    expect(await errorOf(await call(server.baseUrl, path))).toEqual({ status: 401, code: 'BadArgument' });
    expect((await call(server.baseUrl, path, { headers: { Authorization: `Basic ${token}` } })).status).toBe(401);
    const [header, payload, signature] = token.split('.');
    const forged = `${header}.${payload}.${(signature ?? '').split('').reverse().join('')}`;
    for (const bad of [forged, 'not-a-token', testDirectLineSecret.slice(1)]) {
      expect(await errorOf(await call(server.baseUrl, path, { token: bad }))).toEqual({ status: 403, code: 'BadArgument' });
    }
  });

  it('expire after 1800 s (403 TokenExpired) and cannot be refreshed then; a refreshed one lives 1800 s more', async () => {
    await withServer({}, async (timed) => {
      const conversation = await startConversation(timed.baseUrl);
      const path = `/v3/directline/conversations/${conversation.conversationId}/activities`;
      timed.advanceClock(1000 * 1000);
      const refreshed = await call(timed.baseUrl, '/v3/directline/tokens/refresh', { method: 'POST', token: conversation.token });
      expect(refreshed.status).toBe(200);
      const renewal = (await refreshed.json()) as { conversationId: string; token: string; expires_in: number };
      expect(renewal).toMatchObject({ conversationId: conversation.conversationId, expires_in: 1800 });
      expect(renewal.token).not.toBe(conversation.token);

      timed.advanceClock(900 * 1000);
      expect(await errorOf(await call(timed.baseUrl, path, { token: conversation.token }))).toEqual({ status: 403, code: 'TokenExpired' });
      expect(
        await errorOf(await call(timed.baseUrl, '/v3/directline/tokens/refresh', { method: 'POST', token: conversation.token })),
      ).toEqual({ status: 403, code: 'TokenExpired' });
      expect((await call(timed.baseUrl, path, { token: renewal.token })).status).toBe(200);
      expect(await say(timed.baseUrl, { conversationId: conversation.conversationId, token: renewal.token }, 'still mine')).toMatch(
        /\|\d{7}$/,
      );
    });
  });

  it('are generated with the Direct Line secret only, for a given user id, and start the conversation on first use', async () => {
    expect(await errorOf(await call(server.baseUrl, '/v3/directline/tokens/generate', { method: 'POST' }))).toEqual({
      status: 401,
      code: 'BadArgument',
    });
    const { token } = await startConversation(server.baseUrl);
    expect((await call(server.baseUrl, '/v3/directline/tokens/generate', { method: 'POST', token })).status).toBe(403);

    const generated = await call(server.baseUrl, '/v3/directline/tokens/generate', {
      token: testDirectLineSecret,
      body: { User: { Id: 'dl_backend_user', Name: 'Ana' } },
    });
    expect(generated.status).toBe(200);
    const conversation = (await generated.json()) as { conversationId: string; token: string; expires_in: number };
    expect(conversation.expires_in).toBe(1800);
    expect(JSON.parse(Buffer.from(conversation.token.split('.')[1] ?? '', 'base64url').toString('utf8'))).toMatchObject({
      user: 'dl_backend_user',
    });
    const started = await call(server.baseUrl, '/v3/directline/conversations', { method: 'POST', token: conversation.token });
    expect(started.status).toBe(201);
    expect(((await started.json()) as ConversationBody).conversationId).toBe(conversation.conversationId);
    await say(server.baseUrl, conversation, 'whoami');
    const texts = (await activitiesAfter(server.baseUrl, conversation)).activities.map((activity) => activity.text);
    expect(texts).toEqual(['Hello! I am the test assistant.', 'whoami', 'you are dl_backend_user']);
    expect(server.bot.received.find((activity) => activity.text === 'whoami' && activity.from.id === 'dl_backend_user')?.from.name).toBe(
      'Ana',
    );
  });

  it('with the secret, Start Conversation creates a conversation and posting needs from.id', async () => {
    const started = await call(server.baseUrl, '/v3/directline/conversations', { method: 'POST', token: testDirectLineSecret });
    expect(started.status).toBe(201);
    const { conversationId, token } = (await started.json()) as ConversationBody;
    expect(token).toEqual(expect.any(String));
    const path = `/v3/directline/conversations/${conversationId}/activities`;
    expect(await errorOf(await call(server.baseUrl, path, { token: testDirectLineSecret, body: { type: 'message', text: 'hi' } }))).toEqual(
      { status: 400, code: 'BadArgument' },
    );
    expect(
      (
        await call(server.baseUrl, path, {
          token: testDirectLineSecret,
          body: { type: 'message', text: 'whoami', from: { id: 'dl_operator_side' } },
        })
      ).status,
    ).toBe(200);
    const texts = (await activitiesAfter(server.baseUrl, { conversationId, token: testDirectLineSecret })).activities.map(
      (activity) => activity.text,
    );
    expect(texts).toContain('you are dl_operator_side');
    expect(
      (await call(server.baseUrl, '/v3/directline/conversations/unknown-conversation/activities', { token: testDirectLineSecret })).status,
    ).toBe(404);
  });

  it('started twice answer the same conversation (201, then 200) and the bot greets once', async () => {
    const tokenResponse = await call(server.baseUrl, '/api/webchat/token', { method: 'POST' });
    const { token, conversationId } = (await tokenResponse.json()) as { token: string; conversationId: string };
    const first = await call(server.baseUrl, '/v3/directline/conversations', { method: 'POST', token });
    const second = await call(server.baseUrl, '/v3/directline/conversations', { method: 'POST', token });
    expect([first.status, second.status]).toEqual([201, 200]);
    expect(((await second.json()) as ConversationBody).conversationId).toBe(conversationId);
    await waitUntil(() => server.bot.greetings.get(conversationId) === 1);
    await say(server.baseUrl, { conversationId, token }, 'ping?');
    expect(server.bot.greetings.get(conversationId)).toBe(1);
  });
});

describe('activities', () => {
  it('page by watermark: the watermark answered is the one to send next, nothing is repeated', async () => {
    const conversation = await startConversation(server.baseUrl);
    await say(server.baseUrl, conversation, 'one');
    const first = await activitiesAfter(server.baseUrl, conversation);
    expect(first.activities.map((activity) => activity.text)).toEqual(['Hello! I am the test assistant.', 'one', 'echo: one']);
    expect(first.watermark).toBe('2');
    expect(first.activities.map((activity) => activity.id)).toEqual([0, 1, 2].map((seq) => `${conversation.conversationId}|000000${seq}`));
    expect(await activitiesAfter(server.baseUrl, conversation, first.watermark)).toEqual({ activities: [], watermark: '2' });
    await say(server.baseUrl, conversation, 'two');
    const next = await activitiesAfter(server.baseUrl, conversation, first.watermark);
    expect(next.activities.map((activity) => activity.text)).toEqual(['two', 'echo: two']);
    expect(next.watermark).toBe('4');
  });

  it('answer the POST once the bot has replied, and keep the client locale and channelData', async () => {
    const conversation = await startConversation(server.baseUrl);
    const response = await call(server.baseUrl, `/v3/directline/conversations/${conversation.conversationId}/activities`, {
      token: conversation.token,
      body: {
        type: 'message',
        text: 'slow',
        locale: 'es-CL',
        channelData: { clientActivityID: 'client-1' },
        id: 'client-chosen',
        timestamp: '2000-01-01T00:00:00Z',
        serviceUrl: 'https://evil.example',
      },
    });
    const { id } = (await response.json()) as { id: string };
    const { activities } = await activitiesAfter(server.baseUrl, conversation);
    const posted = activities.find((activity) => activity.id === id);
    expect(posted).toMatchObject({
      locale: 'es-CL',
      channelData: { clientActivityID: 'client-1' },
      channelId: 'webchat',
      conversation: { id: conversation.conversationId },
    });
    expect(posted?.timestamp).not.toBe('2000-01-01T00:00:00Z');
    expect(posted?.serviceUrl).not.toBe('https://evil.example');
    expect(activities.at(-1)?.text).toBe('slow reply');
  });

  it('accept proactive messages through continueConversationAsync; editing or deleting is not supported', async () => {
    const conversation = await startConversation(server.baseUrl);
    await say(server.baseUrl, conversation, 'hello');
    const reference = server.bot.references.get(conversation.conversationId) ?? {};
    await server.webChat.adapter.continueConversationAsync('any-app-id', reference, async (context) => {
      await context.sendActivity('A reminder from the lender');
      await expect(context.updateActivity({ id: 'x', text: 'edited' })).rejects.toThrow('not supported');
      await expect(context.deleteActivity('x')).rejects.toThrow('not supported');
    });
    expect((await activitiesAfter(server.baseUrl, conversation)).activities.at(-1)).toMatchObject({
      text: 'A reminder from the lender',
      from: { role: 'bot' },
      channelId: 'webchat',
    });
  });

  it('give typing from the user to the bot without keeping it', async () => {
    const conversation = await startConversation(server.baseUrl);
    const response = await call(server.baseUrl, `/v3/directline/conversations/${conversation.conversationId}/activities`, {
      token: conversation.token,
      body: { type: 'typing' },
    });
    expect(response.status).toBe(200);
    expect(
      server.bot.received.some((activity) => activity.type === 'typing' && activity.conversation.id === conversation.conversationId),
    ).toBe(true);
    expect((await activitiesAfter(server.baseUrl, conversation)).activities.map((activity) => activity.type)).toEqual(['message']);
  });

  it('refuse bad bodies with Direct Line errors and never break the conversation', async () => {
    const conversation = await startConversation(server.baseUrl);
    const path = `/v3/directline/conversations/${conversation.conversationId}/activities`;
    const post = (body: string, headers: Record<string, string> = {}) =>
      call(server.baseUrl, path, { token: conversation.token, body, headers });
    expect(await errorOf(await post('{"type": "message", "text": '))).toEqual({ status: 400, code: 'BadArgument' });
    expect(await errorOf(await post('[1, 2]'))).toEqual({ status: 400, code: 'BadArgument' });
    expect(await errorOf(await post('"just a string"'))).toEqual({ status: 400, code: 'BadArgument' });
    expect(await errorOf(await post('{"text": "no type"}'))).toEqual({ status: 400, code: 'BadArgument' });
    expect(await errorOf(await post('{"type": 42}'))).toEqual({ status: 400, code: 'BadArgument' });
    expect(await errorOf(await post('{"type": "conversationUpdate", "membersAdded": [{"id": "x"}]}'))).toEqual({
      status: 400,
      code: 'BadArgument',
    });
    expect(await errorOf(await post('{"type": "message", "attachments": "nope"}'))).toEqual({ status: 400, code: 'BadArgument' });
    expect(await errorOf(await post('{"type": "message", "text": "hi"}', { 'Content-Type': 'text/plain' }))).toEqual({
      status: 400,
      code: 'BadArgument',
    });
    expect((await post(JSON.stringify({ type: 'message', text: 'x'.repeat(2 * 1024 * 1024) }))).status).toBe(413);
    const odd = await post(
      JSON.stringify({
        type: 'message',
        text: 'ok',
        locale: '../../etc',
        from: { id: 42, name: ['x'] },
        channelData: 'str',
        entities: 'nope',
      }),
    );
    expect(odd.status).toBe(200);
    expect(await say(server.baseUrl, conversation, 'still fine')).toMatch(/\|\d{7}$/);
  });

  it('let onTurnError answer a failing turn', async () => {
    await withServer({}, async (guarded) => {
      guarded.webChat.adapter.onTurnError = async (context) => {
        await context.sendActivity('Sorry, something went wrong.');
      };
      const conversation = await startConversation(guarded.baseUrl);
      await say(guarded.baseUrl, conversation, 'fail');
      expect((await activitiesAfter(guarded.baseUrl, conversation)).activities.at(-1)?.text).toBe('Sorry, something went wrong.');
    });
  });
});

describe('the WebSocket stream', () => {
  it('replays what came after the start, then pushes each ActivitySet with its watermark', async () => {
    const conversation = await startConversation(server.baseUrl);
    const stream = await openStream(conversation.streamUrl);
    const [greeting] = await stream.waitForActivities(1);
    expect(greeting?.text).toBe('Hello! I am the test assistant.');
    await say(server.baseUrl, conversation, 'hey');
    await stream.waitForActivities(3);
    expect(stream.sets.map((set) => set.watermark)).toEqual(['0', '1', '2']);
    stream.socket.close();
  });

  it('must be opened within 60 s of getting the stream URL', async () => {
    await withServer({}, async (timed) => {
      const early = await startConversation(timed.baseUrl);
      timed.advanceClock(59_000);
      (await openStream(early.streamUrl)).socket.close();
      const late = await startConversation(timed.baseUrl);
      timed.advanceClock(61_000);
      await expect(openStream(late.streamUrl)).rejects.toThrow('upgrade refused: 403');
      const reconnected = await call(timed.baseUrl, `/v3/directline/conversations/${late.conversationId}`, { token: late.token });
      (await openStream(((await reconnected.json()) as ConversationBody).streamUrl)).socket.close();
      const url = new URL(late.streamUrl);
      url.searchParams.delete('t');
      await expect(openStream(url.toString())).rejects.toThrow('upgrade refused: 401');
    });
  });

  it('allows one socket per conversation: a second one closes the first (reason "collision")', async () => {
    const conversation = await startConversation(server.baseUrl);
    const first = await openStream(conversation.streamUrl);
    const second = await openStream(conversation.streamUrl);
    expect(await first.closed).toMatchObject({ code: 1000, reason: 'collision' });
    await say(server.baseUrl, conversation, 'to the second');
    await second.waitForActivities(3);
    expect(first.activities().map((activity) => activity.text)).not.toContain('to the second');
    second.socket.close();
  });

  it('resumes after a reconnect with the watermark, losing and repeating nothing', async () => {
    const conversation = await startConversation(server.baseUrl);
    const stream = await openStream(conversation.streamUrl);
    await say(server.baseUrl, conversation, 'before');
    const seen = await stream.waitForActivities(3);
    const watermark = stream.sets.at(-1)?.watermark;
    stream.socket.close();
    await stream.closed;
    await say(server.baseUrl, conversation, 'while away');
    const reconnect = await call(server.baseUrl, `/v3/directline/conversations/${conversation.conversationId}?watermark=${watermark}`, {
      token: conversation.token,
    });
    expect(reconnect.status).toBe(200);
    const body = (await reconnect.json()) as ConversationBody;
    expect(body).toMatchObject({ conversationId: conversation.conversationId, expires_in: 1800 });
    expect(new URL(body.streamUrl).searchParams.get('watermark')).toBe(watermark);
    const resumed = await openStream(body.streamUrl);
    await say(server.baseUrl, conversation, 'after');
    const rest = await resumed.waitForActivities(4);
    expect([...seen, ...rest].map((activity) => activity.text)).toEqual([
      'Hello! I am the test assistant.',
      'before',
      'echo: before',
      'while away',
      'echo: while away',
      'after',
      'echo: after',
    ]);
    resumed.socket.close();
  });
});

describe('CORS and the token endpoint', () => {
  it('lets any origin call the Direct Line endpoints with the Authorization and Content-Type headers', async () => {
    const preflight = await fetch(`${server.baseUrl}/v3/directline/conversations/abc/activities`, {
      method: 'OPTIONS',
      headers: {
        Origin: 'https://any-site.example',
        'Access-Control-Request-Method': 'POST',
        'Access-Control-Request-Headers': 'authorization,content-type,x-ms-bot-agent',
      },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe('*');
    expect(preflight.headers.get('access-control-allow-methods')).toContain('POST');
    expect(preflight.headers.get('access-control-allow-headers')?.toLowerCase()).toEqual(expect.stringContaining('authorization'));
    expect(preflight.headers.get('access-control-allow-headers')?.toLowerCase()).toEqual(expect.stringContaining('content-type'));
    expect(preflight.headers.get('access-control-allow-headers')?.toLowerCase()).toEqual(expect.stringContaining('x-ms-bot-agent'));
    const conversation = await startConversation(server.baseUrl);
    const read = await call(server.baseUrl, `/v3/directline/conversations/${conversation.conversationId}/activities`, {
      token: conversation.token,
      headers: { Origin: 'https://any-site.example' },
    });
    expect(read.headers.get('access-control-allow-origin')).toBe('*');
  });

  it('gives tokens to the allowed origins and the server’s own pages only', async () => {
    const tokenFrom = (origin: string, method = 'POST') =>
      fetch(`${server.baseUrl}/api/webchat/token`, {
        method,
        headers: { Origin: origin, 'Access-Control-Request-Method': 'POST', 'Access-Control-Request-Headers': 'content-type' },
      });
    const allowed = await tokenFrom('https://lender.example');
    expect(allowed.status).toBe(200);
    expect(allowed.headers.get('access-control-allow-origin')).toBe('https://lender.example');
    expect(((await allowed.json()) as { userId: string }).userId).toMatch(/^dl_/);
    const allowedPreflight = await tokenFrom('https://lender.example', 'OPTIONS');
    expect(allowedPreflight.status).toBe(204);
    expect(allowedPreflight.headers.get('access-control-allow-origin')).toBe('https://lender.example');
    for (const method of ['POST', 'OPTIONS']) {
      const refused = await tokenFrom('https://attacker.example', method);
      expect(refused.status).toBe(403);
      expect(refused.headers.get('access-control-allow-origin')).toBeNull();
    }
    expect((await tokenFrom(server.baseUrl)).status).toBe(200);
  });

  it('issues each token for a new server-generated user and conversation', async () => {
    const [first, second] = await Promise.all(
      [1, 2].map(
        async () =>
          (await (await call(server.baseUrl, '/api/webchat/token', { method: 'POST' })).json()) as {
            userId: string;
            conversationId: string;
            expires_in: number;
          },
      ),
    );
    expect(first?.userId).not.toBe(second?.userId);
    expect(first?.conversationId).not.toBe(second?.conversationId);
    expect(first?.expires_in).toBe(1800);
  });

  it('rate-limits token requests per client IP (429 with Retry-After)', async () => {
    await withServer({ tokenRateLimit: { windowMs: 60_000, max: 3 } }, async (limited) => {
      const statuses: number[] = [];
      let last: Response | undefined;
      for (let attempt = 0; attempt < 4; attempt += 1) {
        last = await call(limited.baseUrl, '/api/webchat/token', { method: 'POST' });
        statuses.push(last.status);
      }
      expect(statuses).toEqual([200, 200, 200, 429]);
      expect(Number(last?.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(await errorOf(last as Response)).toEqual({ status: 429, code: 'TooManyRequests' });
    });
  });
});

describe('the demo page and the widget script', () => {
  it('serves the demo page in Spanish or English, embedding the widget with its one-line snippet', async () => {
    const spanish = await fetch(`${server.baseUrl}/`);
    expect(spanish.headers.get('content-type')).toMatch(/^text\/html/);
    expect(spanish.headers.get('content-security-policy')).toContain("script-src 'self'");
    const spanishPage = await spanish.text();
    expect(spanishPage).toContain('<html lang="es">');
    expect(spanishPage).toContain('<script src="/widget.js" data-locale="es" async></script>');
    const english = await (await fetch(`${server.baseUrl}/?lang=en`)).text();
    expect(english).toContain('<script src="/widget.js" data-locale="en" async></script>');
    const negotiated = await (await fetch(`${server.baseUrl}/`, { headers: { 'Accept-Language': 'en-US,en;q=0.9' } })).text();
    expect(negotiated).toContain('<html lang="en">');
    const unknown = await (await fetch(`${server.baseUrl}/?lang=<script>`)).text();
    expect(unknown).toContain('<html lang="es">');
  });

  it('serves /widget.js as a cacheable script any site may load', async () => {
    const response = await fetch(`${server.baseUrl}/widget.js`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^application\/javascript/);
    expect(response.headers.get('cross-origin-resource-policy')).toBe('cross-origin');
    expect(await response.text()).toContain('/api/webchat/token');
  });
});
