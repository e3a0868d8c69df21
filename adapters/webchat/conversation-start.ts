import type { Activity } from 'botbuilder-core';
import type { ConversationHub } from './conversation-hub.js';
import { botAccount } from '../shared/channel-adapter.js';
import { webChatChannelId, webChatServiceUrl, type DirectLineAdapter } from './direct-line-adapter.js';
import { newConversationId } from './ids.js';
import { conversationAccount, userAccount, type ActivityAuthor } from './incoming-activity.js';
import { logTurnFailure, type WebChatLogger } from './logger.js';
import type { TokenService } from './tokens.js';

/** A new conversation and the token bound to it. */
export interface IssuedConversation {
  readonly conversationId: string;
  readonly token: string;
  readonly expiresInSeconds: number;
}

/** Creates a conversation the bot has not been told about yet, and a token bound to it and to `author`. */
export async function issueConversation(hub: ConversationHub, tokens: TokenService, author: ActivityAuthor): Promise<IssuedConversation> {
  const conversationId = newConversationId();
  await hub.create(conversationId);
  const issued = await tokens.issue('conversation', { conversationId, userId: author.id, userName: author.name });
  return { conversationId, token: issued.token, expiresInSeconds: issued.expiresInSeconds };
}

/** What starting a conversation needs. */
export interface ConversationStarter {
  readonly hub: ConversationHub;
  readonly adapter: DirectLineAdapter;
  readonly nowMs: () => number;
  readonly logger: WebChatLogger;
}

/**
 * Tells the bot, once per conversation (fleet-wide), that the bot and the user joined (`conversationUpdate` with
 * `membersAdded` [bot, user]) so it can greet. The turn runs in the background; a failure is logged. Resolves to
 * true when this call started the conversation.
 */
export async function startIfNeeded(
  dependencies: ConversationStarter,
  conversationId: string,
  author: ActivityAuthor,
  locale: string | undefined,
): Promise<boolean> {
  if (!(await dependencies.hub.start(conversationId))) return false;
  const update: Partial<Activity> = {
    type: 'conversationUpdate',
    id: `${conversationId}|conversationUpdate`,
    timestamp: new Date(dependencies.nowMs()),
    channelId: webChatChannelId,
    serviceUrl: webChatServiceUrl,
    conversation: conversationAccount(conversationId),
    from: userAccount(author),
    recipient: botAccount,
    membersAdded: [botAccount, userAccount(author)],
    ...(locale ? { locale } : {}),
  };
  dependencies.adapter
    .processActivity(update)
    .catch((error: unknown) => logTurnFailure(dependencies.logger, conversationId, error, 'web chat conversationUpdate turn failed'));
  return true;
}
