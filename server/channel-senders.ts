import type { ConversationReference } from 'botbuilder';

/** Sends a text proactively into a conversation, given its stored reference. */
export type ProactiveSender = (reference: Partial<ConversationReference>, text: string) => Promise<void>;

/** Proactive senders per channel ("webchat", "telegram", …), registered by the start-up file. */
export class ChannelSenders {
  private readonly senders = new Map<string, ProactiveSender>();

  /** Registers the sender of a channel. */
  register(channel: string, sender: ProactiveSender): void {
    this.senders.set(channel, sender);
  }

  /** Sends `text` to the conversation whose reference (JSON) was stored; fails clearly for an unknown channel. */
  async send(channel: string, referenceJson: string, text: string): Promise<void> {
    const sender = this.senders.get(channel);
    if (!sender) throw new Error(`no sender for channel ${channel}`);
    await sender(JSON.parse(referenceJson) as Partial<ConversationReference>, text);
  }
}
