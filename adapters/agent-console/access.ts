// Who may act on a conversation: its holder, or a supervisor/admin. Anyone logged in may read it.
import type { Request } from 'express';
import { z } from 'zod';
import { conversationHolder, type AgentView } from '../../ledger/index.js';
import { ConsoleError, parseWith } from './errors.js';
import type { EventHub } from './events-stream.js';
import type { ConsoleDeps } from './routes/route-table.js';
import { canOverride, sessionOf } from './sessions.js';

const paramsSchema = z.object({ id: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'is not a conversation id') });

/** The `:id` route parameter, checked to look like a conversation id (400 otherwise). */
export function conversationIdOf(request: Request): string {
  return parseWith(paramsSchema, request.params).id;
}

/** The holder's display name: the caller's own, or from the queue (read again when the last read is stale). */
export async function holderName(hub: EventHub, conversationId: string, holderId: string, caller: AgentView): Promise<string | null> {
  if (holderId === caller.id) return caller.name;
  const known = hub.holderOf(conversationId);
  if (known?.id === holderId) return known.name;
  await hub.refreshQueue();
  const fresh = hub.holderOf(conversationId);
  return fresh?.id === holderId ? fresh.name : null;
}

/**
 * Checks the caller may act on the conversation (reply, record a promise or plan): someone must hold it
 * (409 otherwise) and it must be the caller unless the caller is a supervisor or admin (403).
 */
export async function authorizeAction(
  deps: Pick<ConsoleDeps, 'ledger' | 'hub'>,
  request: Request,
  conversationId: string,
): Promise<AgentView> {
  const { agent } = sessionOf(request);
  const holderId = await conversationHolder(deps.ledger, conversationId);
  if (!holderId) throw new ConsoleError(409, 'not_taken', 'take the conversation first');
  if (holderId !== agent.id && !canOverride(agent)) {
    throw new ConsoleError(403, 'not_holder', 'only the agent holding this conversation (or a supervisor) can do that', {
      holderName: await holderName(deps.hub, conversationId, holderId, agent),
    });
  }
  return agent;
}
