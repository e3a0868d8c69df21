import { randomBytes } from 'node:crypto';
import type { Activity, ResourceResponse, TurnContext } from 'botbuilder-core';
import type { MessageUpsertType, WAMessage, WAMessageKey } from '@whiskeysockets/baileys';
import type { Logger } from 'pino';
import { errorForLog } from '../../bot/log-scrub.js';
import { ChannelAdapter, type TurnLogic } from '../shared/channel-adapter.js';
import { RecentIds } from '../shared/recent-ids.js';
import { toActivity } from './incoming.js';
import { chatTag } from '../shared/chat-tag.js';
import { maskText } from './log-safety.js';
import { toOutput } from './outgoing.js';

/** How many received message ids are remembered to drop redeliveries before they run. */
const recentCapacity = 5_000;

/** A text waiting to be sent to a chat. */
export interface OutgoingText {
  readonly jid: string;
  readonly text: string;
}

/** Where the adapter puts the bot's texts: the channel's own send queue, or (in a fleet) the line to the socket's holder. */
export interface WhatsAppOutbox {
  /** Adds a text at the end of the line; resolves once it is in line, not once delivered. */
  push(item: OutgoingText): void | Promise<void>;
}

/** What the adapter asks of the live connection; both do nothing while disconnected. */
export interface WhatsAppLink {
  /** Sends the read receipt of a received message. */
  markRead(key: WAMessageKey): Promise<void>;
  /** Shows ('composing') or stops ('paused') the typing indicator in a chat. */
  setTyping(jid: string, typing: boolean): Promise<void>;
}

/** What the adapter needs: the bot's logic, the outgoing queue, the connection and a logger. */
export interface WhatsAppAdapterOptions {
  readonly logic: TurnLogic;
  readonly outbox: WhatsAppOutbox;
  readonly link: WhatsAppLink;
  readonly logger: Logger;
}

/**
 * WhatsApp's BotAdapter (DESIGN §2): each new text message in a personal chat is read-receipted, shows the
 * bot typing, and runs one turn (redeliveries of the same message key are dropped before they run); what the
 * bot sends goes through the throttled queue as text with numbered options.
 */
export class WhatsAppAdapter extends ChannelAdapter {
  private readonly recent = new RecentIds(recentCapacity);
  /** Turns in progress (`<jid>|<message id>`) and whether they have sent a message yet. */
  private readonly answered = new Map<string, boolean>();

  constructor(private readonly options: WhatsAppAdapterOptions) {
    super('WhatsApp', options.logic);
  }

  /** Handles one `messages.upsert`: resolves when the turns it started have finished (failures are logged, not thrown). */
  async receive(upsert: { readonly messages: readonly WAMessage[]; readonly type: MessageUpsertType }): Promise<void> {
    await Promise.all(upsert.messages.map((message) => this.receiveOne(message, upsert.type)));
  }

  private async receiveOne(message: WAMessage, upsertType: MessageUpsertType): Promise<void> {
    const activity = toActivity(message, upsertType);
    const chat = activity?.conversation?.id;
    if (!activity?.id || !chat) return;
    const turnKey = `${chat}|${activity.id}`;
    if (!this.recent.add(turnKey)) {
      this.options.logger.info({ chat: chatTag(chat) }, 'WhatsApp redelivered message dropped');
      return;
    }
    await this.quietly(this.options.link.markRead(message.key), 'read receipt');
    await this.quietly(this.options.link.setTyping(chat, true), 'typing indicator');
    this.answered.set(turnKey, false);
    try {
      await this.processActivity(activity);
    } catch (error) {
      this.options.logger.error({ chat: chatTag(chat), err: errorForLog(error, maskText) }, 'WhatsApp turn failed');
    } finally {
      // A turn that sends nothing (e.g. while an agent holds the conversation) must not leave "typing…" on.
      const sentSomething = this.answered.get(turnKey) === true;
      this.answered.delete(turnKey);
      if (!sentSomething) await this.quietly(this.options.link.setTyping(chat, false), 'typing indicator');
    }
  }

  /** Queues the bot's messages (text with numbered options) and shows typing; returns at once, the queue delivers. */
  override async sendActivities(context: TurnContext, activities: Partial<Activity>[]): Promise<ResourceResponse[]> {
    const responses: ResourceResponse[] = [];
    for (const activity of activities) {
      const output = toOutput(activity);
      const chat = activity.conversation?.id ?? context.activity.conversation?.id;
      if (output.kind === 'nothing') {
        responses.push({ id: '' });
        continue;
      }
      if (!chat) throw new Error('WhatsApp: an outgoing activity has no conversation id');
      if (output.kind === 'typing') {
        await this.quietly(this.options.link.setTyping(chat, true), 'typing indicator');
        responses.push({ id: '' });
        continue;
      }
      await this.options.outbox.push({ jid: chat, text: output.text });
      const turnKey = `${chat}|${context.activity.id ?? ''}`;
      if (this.answered.has(turnKey)) this.answered.set(turnKey, true);
      responses.push({ id: randomBytes(8).toString('hex') });
    }
    return responses;
  }

  private async quietly(work: Promise<void>, what: string): Promise<void> {
    try {
      await work;
    } catch (error) {
      this.options.logger.warn({ err: errorForLog(error, maskText) }, `WhatsApp ${what} failed`);
    }
  }
}
