// Outbound contact in the console (DESIGN §12): supervisors see the upcoming plan by day and pause or resume reminders
// for one debtor or for everyone; any agent sees the contact log of the verified debtor of a conversation.
import type { RequestHandler } from 'express';
import { z } from 'zod';
import { conversationDetail, debtorContacts, setOutboundPause, upcomingPlan } from '../../../ledger/index.js';
import { conversationIdOf } from '../access.js';
import { ConsoleError, parseWith } from '../errors.js';
import { sessionOf } from '../sessions.js';
import type { ApiRoute, ConsoleDeps } from './route-table.js';

const planQuery = z.object({ days: z.coerce.number().int().min(1).max(60).default(7) });
const pauseBody = z.union([z.object({ scope: z.literal('all') }).strict(), z.object({ debtorId: z.string().min(1).max(100) }).strict()], {
  error: 'send {"scope":"all"} or {"debtorId":"…"}',
});

/** The outbound routes: plan and pauses for supervisors, a conversation's contact log for agents. */
export function outboundRoutes(deps: ConsoleDeps): ApiRoute[] {
  const plan: RequestHandler = async (request, response) => {
    const { days } = parseWith(planQuery, request.query);
    response.json(await upcomingPlan(deps.ledger, deps.now().getTime(), days));
  };

  const pause =
    (paused: boolean): RequestHandler =>
    async (request, response) => {
      const body = parseWith(pauseBody, request.body);
      const debtorId = 'debtorId' in body ? body.debtorId : null;
      const { agent } = sessionOf(request);
      const changed = await setOutboundPause(deps.ledger, { debtorId, paused, agentId: agent.id, now: deps.now() });
      deps.logger.info({ agentId: agent.id, scope: debtorId === null ? 'all' : 'debtor', paused, changed }, 'outbound pause changed');
      response.json({ paused, changed, scope: debtorId === null ? 'all' : 'debtor' });
    };

  const contacts: RequestHandler = async (request, response) => {
    const detail = await conversationDetail(deps.ledger, conversationIdOf(request), 1);
    if (!detail.debtor) throw new ConsoleError(404, 'not_verified', 'no verified debtor in this conversation');
    const found = await debtorContacts(deps.ledger, detail.debtor.id, 50);
    response.json({
      debtorId: detail.debtor.id,
      paused: found.paused,
      pausedAll: found.pausedAll,
      log: found.log.map((entry) => ({
        atIso: entry.attemptedAt.toISOString(),
        kind: entry.kind,
        channel: entry.channel,
        outcome: entry.outcome,
        reason: entry.reason,
        template: entry.template,
      })),
    });
  };

  return [
    { method: 'get', path: '/outbound/plan', access: 'supervisor', handler: plan },
    { method: 'post', path: '/outbound/pause', access: 'supervisor', handler: pause(true) },
    { method: 'post', path: '/outbound/resume', access: 'supervisor', handler: pause(false) },
    { method: 'get', path: '/conversations/:id/contacts', access: 'agent', handler: contacts },
  ];
}
