import { ActivityEventNames, ActivityTypes, type Activity, type ResourceResponse, type TurnContext } from 'botbuilder-core';
import type { Logger } from 'pino';
import { errorForLog } from '../../bot/log-scrub.js';
import { ChannelAdapter, type TurnLogic } from '../shared/channel-adapter.js';
import { chatTag } from '../shared/chat-tag.js';
import { RecentIds } from '../shared/recent-ids.js';
import type { OptionIds } from './option-ids.js';
import type { CloudOutbox } from './outbox.js';
import { toCloudMessages } from './outgoing.js';

/** How many received message ids are remembered to drop redeliveries before they run (the transcript drops the rest). */
const recentCapacity = 5_000;

/** What the adapter needs: the bot's logic, the outgoing line, read receipts, the option ids of buttons and lists, and a logger. */
export interface WhatsAppCloudAdapterOptions {
  readonly logic: TurnLogic;
  readonly outbox: CloudOutbox;
  /** Marks a received message as read and shows the bot typing (one Graph API call). */
  readonly markRead: (messageId: string) => Promise<void>;
  readonly optionIds: OptionIds;
  /** Where turns and deliveries are logged (never the user's number, name or message text). */
  readonly logger: Logger;
}

/**
 * The WhatsApp Cloud API's BotAdapter (DESIGN §2): each received message is marked read with the typing indicator and
 * runs one turn (a message Meta delivers again, same id, runs none), and the bot's messages go out through the outbox as text, reply buttons or a list. A turn does
 * not wait for its deliveries (a rate limit must not time a turn out); a proactive message (an agent's reply) does, so
 * its sender learns of a refusal (e.g. outside the 24-hour window) from the WhatsAppCloudError.
 */
export class WhatsAppCloudAdapter extends ChannelAdapter {
  private readonly recent = new RecentIds(recentCapacity);
  private sequence = 0;

  constructor(private readonly options: WhatsAppCloudAdapterOptions) {
    super('WhatsApp Cloud API', options.logic);
  }

  /** Runs the turns of received messages, each chat's in the order given; resolves when they ended (failures are logged). */
  async receive(activities: ReadonlyArray<Partial<Activity>>): Promise<void> {
    await Promise.all(activities.map((activity) => this.receiveOne(activity)));
  }

  private async receiveOne(activity: Partial<Activity>): Promise<void> {
    const chat = activity.conversation?.id;
    if (!chat || !activity.id) return;
    const key = `${chat}|${activity.id}`;
    if (!this.recent.add(key)) {
      this.options.logger.info({ chat: chatTag(chat) }, 'whatsapp cloud: redelivered message dropped');
      return;
    }
    const messageId = activity.id;
    // "Read" and "typing…" go out first in the chat's line, so they never show after the reply they announce.
    this.options.outbox.inLine(chat, 'read receipt', () => this.options.markRead(messageId));
    try {
      await this.processActivity(activity);
    } catch (error) {
      this.recent.forget(key);
      this.options.logger.error({ chat: chatTag(chat), err: errorForLog(error) }, 'whatsapp cloud: turn failed');
    }
  }

  /** Queues the bot's messages for their chat; waits for the delivery (and rejects on a refusal) only in a proactive turn. */
  override async sendActivities(context: TurnContext, activities: Partial<Activity>[]): Promise<ResourceResponse[]> {
    const chat = context.activity.conversation?.id;
    if (!chat) throw new Error('WhatsApp Cloud API: an outgoing activity has no conversation id');
    const proactive = context.activity.type === ActivityTypes.Event && context.activity.name === ActivityEventNames.ContinueConversation;
    const responses: ResourceResponse[] = [];
    /** Each delivery with the index of its activity's response. */
    const pending: Array<{ readonly index: number; readonly delivery: Promise<string[]> }> = [];
    for (const activity of activities) {
      const messages = toCloudMessages(activity, this.options.optionIds);
      this.sequence += 1;
      responses.push({ id: `whatsapp-cloud-out-${this.sequence}` });
      if (messages.length > 0) pending.push({ index: responses.length - 1, delivery: this.options.outbox.send(chat, messages) });
    }
    const delivered = Promise.all(pending.map((entry) => entry.delivery));
    if (!proactive) {
      delivered.catch((error: unknown) =>
        this.options.logger.error({ chat: chatTag(chat), err: errorForLog(error) }, 'whatsapp cloud: delivery failed'),
      );
      return responses;
    }
    // A proactive turn learns the message id (wamid) of each activity's last message.
    const ids = await delivered;
    pending.forEach((entry, position) => {
      const last = ids[position]?.at(-1);
      if (last) responses[entry.index] = { id: last };
    });
    return responses;
  }
}
