import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { ActivityTypes, type Activity, type ResourceResponse, type TurnContext } from 'botbuilder-core';
import { botAccount, ChannelAdapter, type TurnLogic } from '../shared/channel-adapter.js';
import type { ConversationHub } from './conversation-hub.js';

/** The channel id of every web-chat activity. */
export const webChatChannelId = 'webchat';
/** The `serviceUrl` of web-chat activities (nothing calls it: replies go through this adapter). */
export const webChatServiceUrl = 'urn:debt-bot:webchat';

/** Longest pause a `delay` activity may ask for, in ms. */
const maxDelayMs = 10_000;
/** Activity types the bot may produce that never reach the client. */
const internalTypes = new Set<string>([ActivityTypes.Trace, ActivityTypes.InvokeResponse]);

/** What the adapter needs: the conversations, the bot's turn logic and a clock. */
export interface DirectLineAdapterOptions {
  readonly hub: ConversationHub;
  readonly logic: TurnLogic;
  readonly nowMs: () => number;
}

/**
 * The web chat's BotAdapter (DESIGN §2): incoming Direct Line activities become turns, and what the bot
 * sends is appended to the conversation's log and pushed to its WebSocket (typing is pushed, not kept, as
 * Direct Line does). Turns of one conversation run one after another.
 */
export class DirectLineAdapter extends ChannelAdapter {
  constructor(private readonly options: DirectLineAdapterOptions) {
    super('web chat', options.logic);
  }

  /** Delivers the bot's activities to the conversation (ids `<conversationId>|<seq>`, server timestamps). */
  override async sendActivities(context: TurnContext, activities: Partial<Activity>[]): Promise<ResourceResponse[]> {
    const responses: ResourceResponse[] = [];
    for (const outgoing of activities) {
      if (outgoing.type === 'delay') {
        await sleep(Math.min(Math.max(Number(outgoing.value) || 1000, 0), maxDelayMs));
        responses.push({ id: '' });
        continue;
      }
      if (outgoing.type && internalTypes.has(outgoing.type)) {
        responses.push({ id: '' });
        continue;
      }
      const conversationId = outgoing.conversation?.id ?? context.activity.conversation?.id;
      if (!conversationId) throw new Error('web chat: an outgoing activity has no conversation id');
      const delivered = {
        ...outgoing,
        type: outgoing.type ?? ActivityTypes.Message,
        channelId: webChatChannelId,
        serviceUrl: webChatServiceUrl,
        conversation: { id: conversationId },
        from: botAccount,
        timestamp: new Date(this.options.nowMs()),
      };
      if (delivered.type === ActivityTypes.Typing) {
        const id = `${conversationId}|typing-${randomBytes(6).toString('hex')}`;
        await this.options.hub.pushEphemeral(conversationId, { ...delivered, id });
        responses.push({ id });
      } else {
        responses.push({ id: (await this.options.hub.append(conversationId, (id) => ({ ...delivered, id }))).id });
      }
    }
    return responses;
  }
}
