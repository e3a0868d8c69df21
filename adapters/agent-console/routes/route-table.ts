// The API's route table: every route declares who may call it, and mounting applies the guards, so
// no route can forget its session, CSRF or role check.
import type { RequestHandler, Router } from 'express';
import type { ConversationEvents } from '../../../bot/conversation-events.js';
import type { LedgerContext } from '../../../ledger/index.js';
import type { AgentNames } from '../agent-names.js';
import type { EventHub } from '../events-stream.js';

/** Who may call a route: anyone (login only), any logged-in agent, supervisors and admins, or admins. */
export type RouteAccess = 'public' | 'agent' | 'supervisor' | 'admin';

/** One API route, its path relative to `/agent/api`. */
export interface ApiRoute {
  readonly method: 'get' | 'post';
  readonly path: string;
  readonly access: RouteAccess;
  readonly handler: RequestHandler;
  /** Middleware run before the guards (e.g. the login rate limit). */
  readonly before?: readonly RequestHandler[];
}

/** A mounted route as an audit sees it: full path, access, and whether it needs the CSRF header. */
export interface ApiRouteInfo {
  readonly method: 'GET' | 'POST';
  readonly path: string;
  readonly access: RouteAccess;
  readonly csrf: boolean;
}

/** The guards mounting applies. */
export interface RouteGuards {
  readonly requireSession: RequestHandler;
  readonly requireCsrf: RequestHandler;
  readonly requireAdmin: RequestHandler;
  readonly requireSupervisor: RequestHandler;
}

/** What route handlers need. */
export interface ConsoleDeps {
  readonly ledger: LedgerContext;
  readonly events: ConversationEvents;
  readonly hub: EventHub;
  readonly agentNames: AgentNames;
  readonly sendToDebtor: (channel: string, referenceJson: string, text: string) => Promise<void>;
  readonly logger: {
    info: (object: object, message: string) => void;
    warn: (object: object, message: string) => void;
    error: (object: object, message: string) => void;
  };
  readonly now: () => Date;
  readonly secureCookies: boolean;
}

/** Mount point of the API. */
export const apiBasePath = '/agent/api';

/** Mounts the routes on `router`: non-public routes need a session; POSTs also the CSRF header; admin and supervisor routes those roles. */
export function mountApiRoutes(router: Router, routes: readonly ApiRoute[], guards: RouteGuards): ApiRouteInfo[] {
  return routes.map((route) => {
    const csrf = route.access !== 'public' && route.method === 'post';
    const chain: RequestHandler[] = [...(route.before ?? [])];
    if (route.access !== 'public') chain.push(guards.requireSession);
    if (csrf) chain.push(guards.requireCsrf);
    if (route.access === 'admin') chain.push(guards.requireAdmin);
    if (route.access === 'supervisor') chain.push(guards.requireSupervisor);
    chain.push(route.handler);
    router[route.method](route.path, ...chain);
    return { method: route.method === 'get' ? 'GET' : 'POST', path: `${apiBasePath}${route.path}`, access: route.access, csrf };
  });
}
