import { describe, expect, it } from 'vitest';
import { csrfTokensMatch } from './csrf.js';
import { hashSessionToken, randomToken, sessionCookie } from './sessions.js';

describe('session tokens and cookies', () => {
  it('makes 32-byte random tokens and stores only their SHA-256', () => {
    const token = randomToken();
    expect(Buffer.from(token, 'base64url')).toHaveLength(32);
    expect(randomToken()).not.toBe(token);
    expect(hashSessionToken(token)).toMatch(/^[0-9a-f]{64}$/);
    expect(hashSessionToken(token)).not.toContain(token);
  });

  it('sets httpOnly, SameSite=Strict, Path=/agent and Max-Age; Secure only when asked', () => {
    const [pair, ...attributes] = sessionCookie('abc', 43200, false).split('; ');
    expect(pair).toBe('agent_session=abc');
    expect(attributes.sort()).toEqual(['HttpOnly', 'Max-Age=43200', 'Path=/agent', 'SameSite=Strict']);
    expect(sessionCookie('abc', 43200, true).split('; ').sort()).toEqual([
      'HttpOnly',
      'Max-Age=43200',
      'Path=/agent',
      'SameSite=Strict',
      'Secure',
      'agent_session=abc',
    ]);
    expect(sessionCookie('', 0, false).split('; ')).toEqual(expect.arrayContaining(['agent_session=', 'Max-Age=0', 'Path=/agent']));
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
