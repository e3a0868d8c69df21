import { decodeJwt } from 'jose';
import { describe, expect, it } from 'vitest';
import { makeTokenService, streamTokenLifetimeSeconds, tokenLifetimeSeconds } from './tokens.js';

const secret = 'a-token-secret-of-at-least-32-characters!';
const grant = { conversationId: 'conversation-1', userId: 'dl_user1' };

function clockAt(startMs: number) {
  let nowMs = startMs;
  return { nowMs: () => nowMs, advance: (ms: number) => void (nowMs += ms) };
}

describe('web chat tokens', () => {
  it('round-trips the conversation, user and name it was issued for', async () => {
    const tokens = makeTokenService(secret, () => 1_700_000_000_000);
    const issued = await tokens.issue('conversation', { ...grant, userName: 'Ana' });
    expect(issued.expiresInSeconds).toBe(1800);
    expect(await tokens.verify(issued.token, 'conversation')).toEqual({
      ok: true,
      claims: {
        kind: 'conversation',
        conversationId: 'conversation-1',
        userId: 'dl_user1',
        userName: 'Ana',
        expiresAtMs: 1_700_000_000_000 + 1_800_000,
      },
    });
  });

  it('is a JWT whose payload carries the user id, as Direct Line tokens do', async () => {
    const { token } = await makeTokenService(secret, Date.now).issue('conversation', grant);
    expect(decodeJwt(token)).toMatchObject({ user: 'dl_user1', conv: 'conversation-1' });
  });

  it('gives each issued token a different value, even within the same second', async () => {
    const tokens = makeTokenService(secret, () => 1_700_000_000_000);
    expect((await tokens.issue('conversation', grant)).token).not.toBe((await tokens.issue('conversation', grant)).token);
  });

  it('lets a token issued late in a second live its full lifetime, not less', async () => {
    const clock = clockAt(1_700_000_000_999);
    const tokens = makeTokenService(secret, clock.nowMs);
    const stream = (await tokens.issue('stream', grant)).token;
    clock.advance(streamTokenLifetimeSeconds * 1000 - 1);
    expect((await tokens.verify(stream, 'stream')).ok).toBe(true);
    clock.advance(1_001);
    expect(await tokens.verify(stream, 'stream')).toEqual({ ok: false, reason: 'expired' });
  });

  it('expires conversation tokens after exactly 1800 s and stream tokens after 60 s', async () => {
    const clock = clockAt(1_700_000_000_000);
    const tokens = makeTokenService(secret, clock.nowMs);
    const conversation = (await tokens.issue('conversation', grant)).token;
    const stream = (await tokens.issue('stream', grant)).token;
    clock.advance(streamTokenLifetimeSeconds * 1000 - 1);
    expect((await tokens.verify(stream, 'stream')).ok).toBe(true);
    clock.advance(1);
    expect(await tokens.verify(stream, 'stream')).toEqual({ ok: false, reason: 'expired' });
    expect(await tokens.verify(stream, 'conversation')).toEqual({ ok: false, reason: 'invalid' });
    clock.advance((tokenLifetimeSeconds - streamTokenLifetimeSeconds) * 1000 - 1);
    expect((await tokens.verify(conversation, 'conversation')).ok).toBe(true);
    clock.advance(1);
    expect(await tokens.verify(conversation, 'conversation')).toEqual({ ok: false, reason: 'expired' });
  });

  it('refuses a token of the other kind, a forged signature, another key and garbage', async () => {
    const tokens = makeTokenService(secret, Date.now);
    const stream = (await tokens.issue('stream', grant)).token;
    const conversation = (await tokens.issue('conversation', grant)).token;
    expect(await tokens.verify(stream, 'conversation')).toEqual({ ok: false, reason: 'invalid' });
    expect(await tokens.verify(conversation, 'stream')).toEqual({ ok: false, reason: 'invalid' });

    const [header, payload, signature] = conversation.split('.');
    const otherUser = Buffer.from(JSON.stringify({ ...decodeJwt(conversation), user: 'dl_victim' })).toString('base64url');
    expect(await tokens.verify(`${header}.${otherUser}.${signature}`, 'conversation')).toEqual({ ok: false, reason: 'invalid' });
    expect(await makeTokenService(`${secret}-other`, Date.now).verify(conversation, 'conversation')).toEqual({
      ok: false,
      reason: 'invalid',
    });
    const unsigned = `${Buffer.from('{"alg":"none","typ":"JWT"}').toString('base64url')}.${payload}.`;
    for (const garbage of ['', 'abc', 'a.b.c', unsigned, `${conversation}x`])
      expect((await tokens.verify(garbage, 'conversation')).ok).toBe(false);
  });

  it('keeps refusing the other kind and altered copies of a token it already accepted', async () => {
    const tokens = makeTokenService(secret, Date.now);
    const conversation = (await tokens.issue('conversation', grant)).token;
    expect((await tokens.verify(conversation, 'conversation')).ok).toBe(true);
    expect((await tokens.verify(conversation, 'conversation')).ok).toBe(true);
    expect(await tokens.verify(conversation, 'stream')).toEqual({ ok: false, reason: 'invalid' });
    const [header, , signature] = conversation.split('.');
    const otherUser = Buffer.from(JSON.stringify({ ...decodeJwt(conversation), user: 'dl_victim' })).toString('base64url');
    expect(await tokens.verify(`${header}.${otherUser}.${signature}`, 'conversation')).toEqual({ ok: false, reason: 'invalid' });
  });

  it('requires a signing key of at least 32 characters', () => {
    expect(() => makeTokenService('short', Date.now)).toThrow(/at least 32 characters/);
  });
});
