import type { Activity } from 'botbuilder';
import type { Conversation } from './conversation.js';
import type { ConversationStore } from './conversation-store.js';
import { botAccount } from '../shared/channel-adapter.js';
import { webChatChannelId, webChatServiceUrl, type DirectLineAdapter } from './direct-line-adapter.js';
import { newConversationId } from './ids.js';
import { conversationAccount, userAccount, type ActivityAuthor } from './incoming-activity.js';
import { logTurnFailure, type WebChatLogger } from './logger.js';
import type { TokenService } from './tokens.js';

/** A new conversation and the token bound to it. */
export interface IssuedConversation {
  readonly conversation: Conversation;
  readonly token: string;
  readonly expiresInSeconds: number;
}

/** Creates a conversation the bot has not been told about yet, and a token bound to it and to `author`. */
export async function issueConversation(
  store: ConversationStore,
  tokens: TokenService,
  author: ActivityAuthor,
): Promise<IssuedConversation> {
  const conversation = store.create(newConversationId());
  const issued = await tokens.issue('conversation', { conversationId: conversation.id, userId: author.id, userName: author.name });
  return { conversation, token: issued.token, expiresInSeconds: issued.expiresInSeconds };
}

/**
 * Tells the bot, once per conversation, that the bot and the user joined (`conversationUpdate` with
 * `membersAdded` [bot, user]) so it can greet. The turn runs in the background; a failure is logged.
 */
export function startIfNeeded(
  dependencies: { readonly adapter: DirectLineAdapter; readonly nowMs: () => number; readonly logger: WebChatLogger },
  conversation: Conversation,
  author: ActivityAuthor,
  locale: string | undefined,
): void {
  if (conversation.started) return;
  conversation.started = true;
  const update: Partial<Activity> = {
    type: 'conversationUpdate',
    id: `${conversation.id}|conversationUpdate`,
    timestamp: new Date(dependencies.nowMs()),
    channelId: webChatChannelId,
    serviceUrl: webChatServiceUrl,
    conversation: conversationAccount(conversation.id),
    from: userAccount(author),
    recipient: botAccount,
    membersAdded: [botAccount, userAccount(author)],
    ...(locale ? { locale } : {}),
  };
  dependencies.adapter
    .processActivity(update)
    .catch((error: unknown) => logTurnFailure(dependencies.logger, conversation.id, error, 'web chat conversationUpdate turn failed'));
}
