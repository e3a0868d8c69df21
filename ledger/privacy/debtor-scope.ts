import type { LedgerTransaction } from '../db/open-database.js';
import type { Conversation, Debtor } from '../generated/sqlite/client.js';
import { ERASED_CHANNEL_USER } from './markers.js';

/** A channel user: a Telegram id, a WhatsApp number, a web chat user. */
export interface ChannelUserKey {
  readonly channel: string;
  readonly channelUserId: string;
}

/** The debtor and the keys of everything held about them (what export reads and erase rewrites). */
export interface DebtorScope {
  readonly debtor: Debtor;
  readonly accountIds: readonly string[];
  /** Channel users linked to the debtor (channel identities) or whose preferences name the debtor. */
  readonly channelUsers: readonly ChannelUserKey[];
  /** Conversations linked to the debtor, and unlinked ones of a channel user verified as the debtor. */
  readonly conversations: readonly Conversation[];
  /** Audit actor ids the debtor acted under (`channel:channelUserId`). */
  readonly actorIds: readonly string[];
  /** BotState keys of the debtor's conversations and channel users (botbuilder's storage keys). */
  readonly botStateKeys: readonly string[];
}

/** The botbuilder storage keys of a conversation's and a channel user's state. */
function botStateKeysOf(conversations: readonly Conversation[], users: readonly ChannelUserKey[]): string[] {
  return [
    ...conversations.map((conversation) => `${conversation.channel}/conversations/${conversation.channelConversationId}/`),
    ...users.map((user) => `${user.channel}/users/${user.channelUserId}/`),
  ];
}

function unique<T>(items: readonly T[], key: (item: T) => string): T[] {
  return [...new Map(items.map((item) => [key(item), item])).values()];
}

/** Finds the debtor by its external id (the lender's `debtor_id`, or the pseudonym once erased) and the keys of their records; null if unknown. */
export async function findDebtorScope(tx: LedgerTransaction, externalId: string): Promise<DebtorScope | null> {
  const debtor = await tx.debtor.findUnique({ where: { externalId } });
  if (!debtor) return null;
  const accounts = await tx.account.findMany({ where: { debtorId: debtor.id }, select: { id: true }, orderBy: [{ createdAt: 'asc' }, { id: 'asc' }] });
  const identities = await tx.channelIdentity.findMany({ where: { debtorId: debtor.id }, select: { channel: true, channelUserId: true, verifiedAt: true } });
  const preferences = await tx.contactPreference.findMany({ where: { debtorId: debtor.id }, select: { channel: true, channelUserId: true } });
  const verifiedUsers = identities.filter((identity) => identity.verifiedAt !== null).map(({ channel, channelUserId }) => ({ channel, channelUserId }));
  const conversations = await tx.conversation.findMany({
    where: { OR: [{ debtorId: debtor.id }, ...verifiedUsers.map((user) => ({ debtorId: null, ...user }))] },
    orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
  });
  const channelUsers = unique(
    [...identities, ...preferences, ...conversations].map(({ channel, channelUserId }) => ({ channel, channelUserId })),
    (user) => `${user.channel}:${user.channelUserId}`,
  ).filter((user) => user.channelUserId !== ERASED_CHANNEL_USER);
  return {
    debtor,
    accountIds: accounts.map((account) => account.id),
    channelUsers,
    conversations,
    actorIds: channelUsers.map((user) => `${user.channel}:${user.channelUserId}`),
    botStateKeys: botStateKeysOf(conversations, channelUsers),
  };
}
