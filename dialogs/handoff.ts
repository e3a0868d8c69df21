import type { TurnContext } from 'botbuilder-core';
import { queuePosition, requestHandoff, type HandoffReason } from '../ledger/index.js';
import { catalogOf } from './debtor.js';
import type { DialogServices } from './services.js';
import { turnInfo } from './turn.js';

/** Queues the conversation for a human agent and tells the debtor where they stand in line; the bot then stays silent. */
export async function handToHuman(context: TurnContext, services: DialogServices, reason: HandoffReason, message?: string): Promise<void> {
  const info = turnInfo(context);
  const { alreadyQueued } = await requestHandoff(info.ledger, info.conversationId, reason);
  if (!alreadyQueued) services.metrics.handoffRequested(reason);
  info.memory.handoffAcknowledged = true;
  const messages = catalogOf(context);
  const ahead = await queuePosition(info.ledger, info.conversationId);
  await context.sendActivity(`${message ?? messages.handoffQueued} ${messages.queueAhead(ahead)}`);
}
