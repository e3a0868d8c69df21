// Login, logout and "who am I". Every failed login answers the same 401, whatever the reason.
import type { RequestHandler } from 'express';
import { z } from 'zod';
import { findAgentForLogin, recordLoginFailure, recordLoginSuccess } from '../../../ledger/index.js';
import { ConsoleError, parseWith } from '../errors.js';
import { lockoutMinutes, loginRefusedMessage, maxFailedLogins } from '../login-guard.js';
import { hashPassword, maximumPasswordLength, verifyPassword } from '../passwords.js';
import { endSession, randomToken, sessionCookie, sessionLifetimeSeconds, sessionOf, startSession } from '../sessions.js';
import type { ApiRoute, ConsoleDeps } from './route-table.js';

const loginSchema = z.object({
  email: z.string().trim().max(254).pipe(z.email('must be an email address')),
  password: z.string().min(1, 'is required').max(maximumPasswordLength, `must be at most ${maximumPasswordLength} characters`),
});

/** The routes of logging in and out; `loginLimiter` runs before the login. */
export function authRoutes(deps: ConsoleDeps, loginLimiter: RequestHandler): ApiRoute[] {
  // Unknown emails are checked against this hash so they take as long as known ones.
  const decoyHash = hashPassword(randomToken());

  const login: RequestHandler = async (request, response) => {
    if (!request.is('application/json')) throw new ConsoleError(415, 'unsupported_media_type', 'send the login as application/json');
    const { email, password } = parseWith(loginSchema, request.body);
    const now = deps.now();
    const agent = await findAgentForLogin(deps.ledger, email);
    const passwordOk = await verifyPassword(password, agent?.passwordHash ?? (await decoyHash));
    if (!agent) throw new ConsoleError(401, 'login_failed', loginRefusedMessage);
    if (agent.lockedUntil && agent.lockedUntil > now) {
      deps.logger.warn({ agentId: agent.id }, 'login refused: account locked');
      throw new ConsoleError(401, 'login_failed', loginRefusedMessage);
    }
    if (!passwordOk) {
      await recordLoginFailure(deps.ledger, agent.id, now, maxFailedLogins, lockoutMinutes);
      deps.logger.warn({ agentId: agent.id }, 'login refused: wrong password');
      throw new ConsoleError(401, 'login_failed', loginRefusedMessage);
    }
    await recordLoginSuccess(deps.ledger, agent.id);
    const session = await startSession(deps.ledger, agent.id, now);
    deps.agentNames.remember(agent.id, agent.name);
    deps.logger.info({ agentId: agent.id }, 'agent logged in');
    response.append('Set-Cookie', sessionCookie(session.token, sessionLifetimeSeconds, deps.secureCookies));
    response.json({ agent: { id: agent.id, email: agent.email, name: agent.name, role: agent.role }, csrfToken: session.csrfToken });
  };

  const logout: RequestHandler = async (request, response) => {
    const { agent } = sessionOf(request);
    await endSession(deps.ledger, request, response, deps.secureCookies);
    deps.logger.info({ agentId: agent.id }, 'agent logged out');
    response.status(204).end();
  };

  const me: RequestHandler = (request, response) => {
    const { agent, csrfToken } = sessionOf(request);
    response.json({ agent, csrfToken });
  };

  return [
    { method: 'post', path: '/login', access: 'public', before: [loginLimiter], handler: login },
    { method: 'post', path: '/logout', access: 'agent', handler: logout },
    { method: 'get', path: '/me', access: 'agent', handler: me },
  ];
}
