import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { ActivityEventNames, ActivityTypes, BotAdapter, TurnContext, type Activity, type ChannelAccount, type ConversationReference, type ResourceResponse } from 'botbuilder';
import type { ConversationStore } from './conversation-store.js';

/** The channel id of every web-chat activity. */
export const webChatChannelId = 'webchat';
/** The `serviceUrl` of web-chat activities (nothing calls it: replies go through this adapter). */
export const webChatServiceUrl = 'urn:debt-bot:webchat';
/** The bot's account in web-chat conversations. */
export const webChatBotAccount: ChannelAccount = { id: 'debt-bot', name: 'Bot', role: 'bot' };

/** Longest pause a `delay` activity may ask for, in ms. */
const maxDelayMs = 10_000;
/** Activity types the bot may produce that never reach the client. */
const internalTypes = new Set<string>([ActivityTypes.Trace, ActivityTypes.InvokeResponse]);

type TurnLogic = (context: TurnContext) => Promise<void>;
type BotIdentity = Parameters<BotAdapter['continueConversationAsync']>[0];

/** What the adapter needs: the conversations, the bot's turn logic and a clock. */
export interface DirectLineAdapterOptions {
  readonly store: ConversationStore;
  readonly logic: TurnLogic;
  readonly nowMs: () => number;
}

/**
 * The web chat's BotAdapter (DESIGN §2): incoming Direct Line activities become turns, and what the bot
 * sends is appended to the conversation's log and pushed to its WebSocket (typing is pushed, not kept, as
 * Direct Line does). Turns of one conversation run one after another.
 */
export class DirectLineAdapter extends BotAdapter {
  private readonly turnTails = new Map<string, Promise<void>>();

  constructor(private readonly options: DirectLineAdapterOptions) {
    super();
  }

  /**
   * Runs one incoming activity through the middleware and the bot's logic, after the turns already queued
   * for its conversation. Rejects if the turn failed and no `onTurnError` handled it.
   */
  processActivity(activity: Partial<Activity>): Promise<void> {
    const key = activity.conversation?.id ?? '';
    const previous = this.turnTails.get(key) ?? Promise.resolve();
    const turn = previous.then(() => this.runMiddleware(new TurnContext(this, activity), this.options.logic));
    const tail = turn.catch(() => undefined);
    this.turnTails.set(key, tail);
    void tail.then(() => {
      if (this.turnTails.get(key) === tail) this.turnTails.delete(key);
    });
    return turn;
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
      const conversation = this.options.store.restore(conversationId);
      const delivered = {
        ...outgoing,
        type: outgoing.type ?? ActivityTypes.Message,
        channelId: webChatChannelId,
        serviceUrl: webChatServiceUrl,
        conversation: { id: conversationId },
        from: webChatBotAccount,
        timestamp: new Date(this.options.nowMs()),
      };
      if (delivered.type === ActivityTypes.Typing) {
        const id = `${conversationId}|typing-${randomBytes(6).toString('hex')}`;
        conversation.pushEphemeral({ ...delivered, id });
        responses.push({ id });
      } else {
        responses.push({ id: conversation.append((id) => ({ ...delivered, id })).id });
      }
    }
    return responses;
  }

  /** Not supported: Direct Line clients cannot edit a delivered activity. */
  override updateActivity(): Promise<void> {
    return Promise.reject(new Error('web chat: updateActivity is not supported'));
  }

  /** Not supported: Direct Line clients cannot delete a delivered activity. */
  override deleteActivity(): Promise<void> {
    return Promise.reject(new Error('web chat: deleteActivity is not supported'));
  }

  /**
   * Runs a proactive turn in a stored conversation (e.g. an agent's reply from the console): `logic` gets a
   * context whose activity is a `continueConversation` event built from `reference`. Rejects if the turn failed
   * and no `onTurnError` handled it.
   */
  override async continueConversation(reference: Partial<ConversationReference>, logic: TurnLogic): Promise<void> {
    const event = TurnContext.applyConversationReference({ type: ActivityTypes.Event, name: ActivityEventNames.ContinueConversation }, reference, true);
    await this.runMiddleware(new TurnContext(this, event), logic);
  }

  /** Same as `continueConversation`; the bot identity and audience do not matter on this channel. */
  override async continueConversationAsync(
    _botAppIdOrIdentity: string | BotIdentity,
    reference: Partial<ConversationReference>,
    logicOrAudience: TurnLogic | string,
    maybeLogic?: TurnLogic,
  ): Promise<void> {
    const logic = typeof logicOrAudience === 'function' ? logicOrAudience : maybeLogic;
    if (!logic) throw new TypeError('web chat: continueConversationAsync needs the logic to run');
    await this.continueConversation(reference, logic);
  }
}
