import type { ConversationReference } from 'botbuilder-core';

/**
 * Sends a text proactively into a conversation, given its stored reference; resolves with the provider's id of the
 * message sent when the channel gives one (the WhatsApp Cloud API's wamid, which its delivery statuses name), else nothing.
 */
export type ProactiveSender = (reference: Partial<ConversationReference>, text: string) => Promise<string | void>;

/** Proactive senders per channel ("webchat", "telegram", …), registered by the start-up file. */
export class ChannelSenders {
  private readonly senders = new Map<string, ProactiveSender>();

  /** Registers the sender of a channel. */
  register(channel: string, sender: ProactiveSender): void {
    this.senders.set(channel, sender);
  }

  /**
   * Sends `text` to the conversation whose reference (JSON) was stored; resolves with the provider's message id when the
   * channel's sender gives one (undefined otherwise); fails clearly for an unknown channel.
   */
  async send(channel: string, referenceJson: string, text: string): Promise<string | undefined> {
    const sender = this.senders.get(channel);
    if (!sender) throw new Error(`no sender for channel ${channel}`);
    const providerMessageId = await sender(JSON.parse(referenceJson) as Partial<ConversationReference>, text);
    return typeof providerMessageId === 'string' && providerMessageId !== '' ? providerMessageId : undefined;
  }
}
