// The human-agent console (DESIGN §6): a JSON API under /agent/api, a live event stream, and the
// hand-written web UI under /agent. Agents log in, see the queue, take a conversation, read the
// transcript and the verified debtor's accounts, reply on the debtor's channel, record promises and
// plans through the policy engine, hand back to the bot or close with an outcome. Supervisors and admins also read the
// reports (/agent/reports and /agent/api/reports/*).
import { fileURLToPath } from 'node:url';
import express, { type RequestHandler, type Router } from 'express';
import type pino from 'pino';
import type { ConversationEvents } from '../../bot/conversation-events.js';
import type { LedgerContext } from '../../ledger/index.js';
import { AgentNames } from './agent-names.js';
import { ensureFirstAdmin, type BootstrapAdmin } from './bootstrap.js';
import { requireCsrf } from './csrf.js';
import { ConsoleError, makeErrorHandler } from './errors.js';
import { defaultEventStreamTiming, EventHub, type EventStreamTiming } from './events-stream.js';
import { defaultLoginRateLimit, makeLoginRateLimiter, type LoginRateLimit } from './login-guard.js';
import { agentRoutes } from './routes/agents.js';
import { agreementRoutes } from './routes/agreements.js';
import { authRoutes } from './routes/auth.js';
import { channelRoutes, type WhatsAppPairing } from './routes/channels.js';
import { conversationRoutes } from './routes/conversations.js';
import { outboundRoutes } from './routes/outbound.js';
import { paymentRoutes } from './routes/payments.js';
import { queueRoutes } from './routes/queue.js';
import { reportRoutes } from './routes/reports.js';
import { apiBasePath, mountApiRoutes, type ApiRouteInfo, type ConsoleDeps } from './routes/route-table.js';
import { reportsPageRouter } from './reports-page.js';
import { makeRequireSession, sessionOf } from './sessions.js';

export type { ApiRouteInfo, RouteAccess } from './routes/route-table.js';
export type { BootstrapAdmin } from './bootstrap.js';
export type { WhatsAppPairing } from './routes/channels.js';
export { hashPassword, verifyPassword } from './passwords.js';

/** What the console needs from the rest of the product. */
export interface AgentConsoleOptions {
  readonly ledger: LedgerContext;
  readonly events: ConversationEvents;
  /** Sends an agent's text to the debtor on their own channel, using the conversation's stored reference (JSON of a botbuilder ConversationReference). */
  readonly sendToDebtor: (channel: string, referenceJson: string, text: string) => Promise<void>;
  readonly logger: Pick<pino.Logger, 'info' | 'warn' | 'error'>;
  /** First admin, created when no agent exists (AGENT_BOOTSTRAP_EMAIL / AGENT_BOOTSTRAP_PASSWORD). */
  readonly bootstrapAdmin?: BootstrapAdmin;
  /** Cookies get `Secure` when the public URL is https. */
  readonly secureCookies: boolean;
  readonly now?: () => Date;
  /** Per-IP limit of failed logins (default 20 per 15 minutes). */
  readonly loginRateLimit?: LoginRateLimit;
  /** Queue refresh and keep-alive periods of the event stream, in milliseconds (defaults 5 s and 15 s). */
  readonly eventStreamTiming?: Partial<EventStreamTiming>;
  /** The WhatsApp channel, when enabled: admins see its state and pairing QR and can pair it again. */
  readonly whatsapp?: WhatsAppPairing;
}

/** A running console: the router to mount, the API routes with their access rules, and close(). */
export interface AgentConsole {
  readonly router: Router;
  /** Every API route with who may call it (for audits and tests). */
  readonly routes: readonly ApiRouteInfo[];
  /** Ends the live streams and timers. */
  close(): Promise<void>;
}

/** Folder of the hand-written UI (HTML, JS, CSS; no build step). */
export const staticFolder = fileURLToPath(new URL('./static/', import.meta.url));

const contentSecurityPolicy = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
].join('; ');

const securityHeaders: RequestHandler = (_request, response, next) => {
  response.set({
    'Content-Security-Policy': contentSecurityPolicy,
    'X-Frame-Options': 'DENY',
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
  });
  next();
};

const noStore: RequestHandler = (_request, response, next) => {
  response.set('Cache-Control', 'no-store');
  next();
};

/** Builds the console (creating the first admin when no agent exists) and its express router. */
export async function makeAgentConsole(options: AgentConsoleOptions): Promise<AgentConsole> {
  const now = options.now ?? (() => new Date());
  await ensureFirstAdmin(options.ledger, options.bootstrapAdmin, options.logger);

  const agentNames = new AgentNames();
  const hub = new EventHub(options.ledger, options.events, options.logger, (agentId) => agentNames.nameOf(agentId), {
    ...defaultEventStreamTiming,
    ...options.eventStreamTiming,
  });
  const deps: ConsoleDeps = {
    ledger: options.ledger,
    events: options.events,
    hub,
    agentNames,
    sendToDebtor: options.sendToDebtor,
    logger: options.logger,
    now,
    secureCookies: options.secureCookies,
  };
  const limiter = makeLoginRateLimiter(options.loginRateLimit ?? defaultLoginRateLimit, options.logger);
  const requireSession = makeRequireSession(options.ledger, now, (agent) => agentNames.remember(agent.id, agent.name));
  const requireAdmin: RequestHandler = (request, _response, next) => {
    if (sessionOf(request).agent.role !== 'admin') throw new ConsoleError(403, 'forbidden', 'only an admin can do that');
    next();
  };
  const requireSupervisor: RequestHandler = (request, _response, next) => {
    if (!['supervisor', 'admin'].includes(sessionOf(request).agent.role))
      throw new ConsoleError(403, 'forbidden', 'only a supervisor or an admin can do that');
    next();
  };

  const api = express.Router();
  api.use(noStore, express.json({ limit: '32kb' }));
  const routes = mountApiRoutes(
    api,
    [
      ...authRoutes(deps, limiter.handler),
      ...agentRoutes(deps),
      ...queueRoutes(deps),
      ...conversationRoutes(deps),
      ...agreementRoutes(deps),
      ...channelRoutes(deps, options.whatsapp),
      ...outboundRoutes(deps),
      ...paymentRoutes(deps),
      ...reportRoutes(deps),
    ],
    { requireSession, requireCsrf, requireAdmin, requireSupervisor },
  );
  // Unknown API paths: 401 without a session (nothing is revealed), 404 with one.
  api.use(requireSession, () => {
    throw new ConsoleError(404, 'not_found', 'no such endpoint');
  });
  api.use(makeErrorHandler(options.logger));

  const router = express.Router();
  router.use('/agent', securityHeaders);
  router.use(apiBasePath, api);
  router.get('/agent', (_request, response) => {
    response.set('Cache-Control', 'no-cache');
    response.sendFile('index.html', { root: staticFolder });
  });
  router.use(reportsPageRouter(options.ledger, now, staticFolder));
  router.use('/agent/static', express.static(staticFolder, { index: false, redirect: false, maxAge: '5m' }));

  return {
    router,
    routes,
    async close() {
      hub.close();
      await limiter.close();
    },
  };
}
