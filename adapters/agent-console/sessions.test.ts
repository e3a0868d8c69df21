import { describe, expect, it } from 'vitest';
import { csrfTokensMatch } from './csrf.js';
import { hashSessionToken, randomToken, readCookie, sessionCookie } from './sessions.js';

describe('session tokens and cookies', () => {
  it('makes 32-byte random tokens and stores only their SHA-256', () => {
    const token = randomToken();
    expect(Buffer.from(token, 'base64url')).toHaveLength(32);
    expect(randomToken()).not.toBe(token);
    expect(hashSessionToken(token)).toMatch(/^[0-9a-f]{64}$/);
    expect(hashSessionToken(token)).not.toContain(token);
  });

  it('sets httpOnly, SameSite=Strict, Path=/agent and Max-Age; Secure only when asked', () => {
    expect(sessionCookie('abc', 43200, false)).toBe('agent_session=abc; Path=/agent; Max-Age=43200; HttpOnly; SameSite=Strict');
    expect(sessionCookie('abc', 43200, true)).toMatch(/; Secure$/);
    expect(sessionCookie('', 0, false)).toMatch(/^agent_session=; Path=\/agent; Max-Age=0;/);
  });

  it('reads the session cookie among others and ignores malformed values', () => {
    expect(readCookie('a=1; agent_session=tok_EN-1; b=2', 'agent_session')).toBe('tok_EN-1');
    expect(readCookie('agent_session_x=1', 'agent_session')).toBeUndefined();
    expect(readCookie('agent_session=<script>', 'agent_session')).toBeUndefined();
    expect(readCookie(undefined, 'agent_session')).toBeUndefined();
  });
});

describe('CSRF tokens', () => {
  it('match only the exact token', () => {
    const token = randomToken();
    expect(csrfTokensMatch(token, token)).toBe(true);
    expect(csrfTokensMatch(token, `${token}x`)).toBe(false);
    expect(csrfTokensMatch(token, token.slice(1))).toBe(false);
    expect(csrfTokensMatch(token, undefined)).toBe(false);
    expect(csrfTokensMatch(token, '')).toBe(false);
    expect(csrfTokensMatch('', '')).toBe(false);
  });
});
