// The live queue (one read, and the SSE stream) and the quick replies.
import type { RequestHandler } from 'express';
import { z } from 'zod';
import { listQueue } from '../../../ledger/index.js';
import { parseWith } from '../errors.js';
import { quickRepliesFor } from '../quick-replies.js';
import { lookupSession, sessionOf } from '../sessions.js';
import { toQueueItemView } from '../views.js';
import type { ApiRoute, ConsoleDeps } from './route-table.js';

const quickReplyQuery = z.object({ lang: z.enum(['es', 'en']).optional() });

/** Queue, live events and quick replies (any logged-in agent). */
export function queueRoutes(deps: ConsoleDeps): ApiRoute[] {
  const queue: RequestHandler = async (_request, response) => {
    response.json({ items: (await listQueue(deps.ledger)).map(toQueueItemView) });
  };

  const events: RequestHandler = async (request, response) => {
    const { tokenHash } = sessionOf(request);
    const stillValid = async () => (await lookupSession(deps.ledger, request, deps.now()))?.tokenHash === tokenHash;
    await deps.hub.attach(request, response, stillValid);
  };

  const replies: RequestHandler = (request, response) => {
    const { lang } = parseWith(quickReplyQuery, request.query);
    response.json({ items: quickRepliesFor(lang ?? (request.acceptsLanguages('es', 'en') || 'es')) });
  };

  return [
    { method: 'get', path: '/queue', access: 'agent', handler: queue },
    { method: 'get', path: '/events', access: 'agent', handler: events },
    { method: 'get', path: '/quick-replies', access: 'agent', handler: replies },
  ];
}
