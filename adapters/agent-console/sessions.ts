// Agent sessions: a random 32-byte token in an httpOnly cookie; the database keeps only its SHA-256.
import { createHash, randomBytes } from 'node:crypto';
import { parseCookie, stringifySetCookie } from 'cookie';
import type { Request, RequestHandler, Response } from 'express';
import { createSession, deleteSession, findSession, type AgentView, type LedgerContext } from '../../ledger/index.js';
import { ConsoleError } from './errors.js';

/** Name of the session cookie (scoped to Path=/agent). */
export const sessionCookieName = 'agent_session';
/** How long a session lives after login, in seconds (12 hours; no sliding renewal). */
export const sessionLifetimeSeconds = 12 * 60 * 60;
/** Path the session cookie is sent to. */
export const sessionCookiePath = '/agent';

/** The logged-in agent of a request, its CSRF token and the hash of its session token. */
export interface AgentSessionInfo {
  readonly agent: AgentView;
  readonly csrfToken: string;
  readonly tokenHash: string;
}

const sessions = new WeakMap<Request, AgentSessionInfo>();

/** SHA-256 (hex) of a session token: what the database stores. */
export function hashSessionToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** A fresh random token (32 bytes, base64url). */
export function randomToken(): string {
  return randomBytes(32).toString('base64url');
}

/** The Set-Cookie value of a session cookie: HttpOnly, SameSite=Strict, Path=/agent, Secure when asked (empty token and Max-Age=0 clears it). */
export function sessionCookie(token: string, maxAgeSeconds: number, secure: boolean): string {
  return stringifySetCookie({
    name: sessionCookieName,
    value: token,
    path: sessionCookiePath,
    maxAge: maxAgeSeconds,
    httpOnly: true,
    sameSite: 'strict',
    secure,
  });
}

/** Starts a session for the agent: stores the token's hash and returns the token (for the cookie) and the CSRF token. */
export async function startSession(ledger: LedgerContext, agentId: string, now: Date): Promise<{ token: string; csrfToken: string }> {
  const token = randomToken();
  const csrfToken = randomToken();
  await createSession(ledger, {
    tokenHash: hashSessionToken(token),
    agentId,
    csrfToken,
    expiresAt: new Date(now.getTime() + sessionLifetimeSeconds * 1000),
  });
  return { token, csrfToken };
}

/** Ends the request's session and clears its cookie. */
export async function endSession(ledger: LedgerContext, request: Request, response: Response, secure: boolean): Promise<void> {
  await deleteSession(ledger, sessionOf(request).tokenHash);
  response.append('Set-Cookie', sessionCookie('', 0, secure));
}

/** The session of a request that passed requireSession; throws a 401 otherwise. */
export function sessionOf(request: Request): AgentSessionInfo {
  const session = sessions.get(request);
  if (!session) throw new ConsoleError(401, 'unauthenticated', 'log in first');
  return session;
}

/** The live session behind a request's cookie, or null. */
export async function lookupSession(ledger: LedgerContext, request: Request, now: Date): Promise<AgentSessionInfo | null> {
  const token = parseCookie(request.get('cookie') ?? '')[sessionCookieName];
  if (!token) return null;
  const tokenHash = hashSessionToken(token);
  const found = await findSession(ledger, tokenHash, now);
  return found && { ...found, tokenHash };
}

/** Middleware refusing (401 JSON) a request without a live session; remembers the session for sessionOf. */
export function makeRequireSession(ledger: LedgerContext, now: () => Date, onAgent?: (agent: AgentView) => void): RequestHandler {
  return async (request, _response, next) => {
    const session = await lookupSession(ledger, request, now());
    if (!session) throw new ConsoleError(401, 'unauthenticated', 'log in first');
    sessions.set(request, session);
    onAgent?.(session.agent);
    next();
  };
}

/** True when the agent's role may act on conversations held by others and agree plans outside the policy. */
export function canOverride(agent: AgentView): boolean {
  return agent.role === 'supervisor' || agent.role === 'admin';
}
