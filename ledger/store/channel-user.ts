/** Who is asking to be verified: a user of one channel. */
export interface ChannelUser {
  /** "webchat" | "telegram" | "whatsapp" */
  readonly channel: string;
  readonly channelUserId: string;
}

/** The unique key of a channel user's row (channel identity, contact preference). */
export function channelUserKey(user: ChannelUser): { channel_channelUserId: { channel: string; channelUserId: string } } {
  return { channel_channelUserId: { channel: user.channel, channelUserId: user.channelUserId } };
}
