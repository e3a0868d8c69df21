// Taking, reading, answering, handing back and closing a conversation.
import type { RequestHandler } from 'express';
import { z } from 'zod';
import {
  appendMessage,
  conversationDetail,
  conversationHolder,
  handoffOutcomes,
  HandoffStateError,
  releaseConversation,
  takeConversation,
  type ConversationMode,
} from '../../../ledger/index.js';
import { authorizeAction, conversationIdOf, holderName } from '../access.js';
import { ConsoleError, parseWith } from '../errors.js';
import { canOverride, sessionOf } from '../sessions.js';
import { toConversationView } from '../views.js';
import type { ApiRoute, ConsoleDeps } from './route-table.js';

/** Longest agent reply, in characters. */
export const maximumReplyLength = 4000;

const replySchema = z.object({
  text: z.string().trim().min(1, 'must not be empty').max(maximumReplyLength, `must be at most ${maximumReplyLength} characters`),
});
const closeSchema = z.object({ outcome: z.enum(handoffOutcomes, `must be one of ${handoffOutcomes.join(', ')}`) });

/** The conversation routes (any logged-in agent reads; the holder or a supervisor acts). */
export function conversationRoutes(deps: ConsoleDeps): ApiRoute[] {
  const announce = (conversationId: string, mode: ConversationMode) => {
    deps.events.publish({ type: 'mode', conversationId, mode });
    deps.events.publish({ type: 'queue' });
  };

  const take: RequestHandler = async (request, response) => {
    const conversationId = conversationIdOf(request);
    const { agent } = sessionOf(request);
    try {
      await takeConversation(deps.ledger, conversationId, agent.id, deps.now());
    } catch (error) {
      // Taking a conversation one already holds is not an error (a double click, a second tab).
      if (!(
        error instanceof HandoffStateError &&
        error.code === 'already_taken' &&
        (await conversationHolder(deps.ledger, conversationId)) === agent.id
      ))
        throw error;
    }
    deps.logger.info({ conversationId, agentId: agent.id }, 'conversation taken');
    announce(conversationId, 'agent');
    response.json({ conversationId, mode: 'agent', holder: { id: agent.id, name: agent.name } });
  };

  const detail: RequestHandler = async (request, response) => {
    const conversationId = conversationIdOf(request);
    const { agent } = sessionOf(request);
    const [found, holderId] = await Promise.all([
      conversationDetail(deps.ledger, conversationId),
      conversationHolder(deps.ledger, conversationId),
    ]);
    const holder = holderId ? { id: holderId, name: await holderName(deps.hub, conversationId, holderId, agent) } : null;
    response.json(toConversationView(found, holder, deps.ledger.policy, deps.now()));
  };

  const reply: RequestHandler = async (request, response) => {
    const conversationId = conversationIdOf(request);
    const { text } = parseWith(replySchema, request.body);
    const agent = await authorizeAction(deps, request, conversationId);
    const target = await conversationDetail(deps.ledger, conversationId, 1);
    if (target.mode !== 'agent') throw new ConsoleError(409, 'not_with_agent', 'this conversation is not with an agent');
    if (!target.reference)
      throw new ConsoleError(409, 'no_channel_reference', "the debtor's channel cannot be reached for this conversation");
    try {
      await deps.sendToDebtor(target.channel, target.reference, text);
    } catch (error) {
      deps.logger.warn(
        { conversationId, channel: target.channel, err: { name: (error as Error).name } },
        'agent reply could not be delivered',
      );
      throw new ConsoleError(502, 'delivery_failed', "the message could not be delivered to the debtor's channel; try again");
    }
    const stored = await appendMessage(deps.ledger, { conversationId, direction: 'out', author: 'agent', agentId: agent.id, text });
    const at = deps.now().toISOString();
    deps.events.publish({ type: 'message', conversationId, author: 'agent', agentId: agent.id, text, at });
    response.status(201).json({ messageId: stored.messageId, atIso: at });
  };

  const release =
    (kind: 'hand_back' | 'close'): RequestHandler =>
    async (request, response) => {
      const conversationId = conversationIdOf(request);
      const { agent } = sessionOf(request);
      const event = kind === 'close' ? { kind, outcome: parseWith(closeSchema, request.body).outcome } : { kind };
      const mode = await releaseConversation(
        deps.ledger,
        conversationId,
        { agentId: agent.id, canOverride: canOverride(agent) },
        event,
        deps.now(),
      );
      deps.logger.info(
        { conversationId, agentId: agent.id, kind, ...(event.kind === 'close' ? { outcome: event.outcome } : {}) },
        'conversation released',
      );
      announce(conversationId, mode);
      response.json({ conversationId, mode });
    };

  return [
    { method: 'post', path: '/conversations/:id/take', access: 'agent', handler: take },
    { method: 'get', path: '/conversations/:id', access: 'agent', handler: detail },
    { method: 'post', path: '/conversations/:id/messages', access: 'agent', handler: reply },
    { method: 'post', path: '/conversations/:id/hand-back', access: 'agent', handler: release('hand_back') },
    { method: 'post', path: '/conversations/:id/close', access: 'agent', handler: release('close') },
  ];
}
