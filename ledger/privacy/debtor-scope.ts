import type { LedgerTransaction } from '../db/open-database.js';
import type { ChannelUser } from '../store/channel-user.js';
import {
  findDebtorByExternalId,
  listDebtorAccountIds,
  listDebtorConversations,
  listDebtorIdentityUsers,
  listDebtorPreferenceUsers,
  type ConversationRecordRow,
  type DebtorRecordKeys,
  type DebtorRow,
} from '../store/debtor-data-rows.js';
import { ERASED_CHANNEL_USER } from './markers.js';

/** The debtor and the keys of everything held about them (what export reads and erase rewrites). */
export interface DebtorScope extends DebtorRecordKeys {
  readonly debtor: DebtorRow;
  /** Conversations linked to the debtor, and unlinked ones of a channel user verified as the debtor. */
  readonly conversations: readonly ConversationRecordRow[];
  /** Audit actor ids the debtor acted under (`channel:channelUserId`). */
  readonly actorIds: readonly string[];
}

/** The botbuilder storage keys of a conversation's and a channel user's state. */
function botStateKeysOf(conversations: readonly ConversationRecordRow[], users: readonly ChannelUser[]): string[] {
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
  const debtor = await findDebtorByExternalId(tx, externalId);
  if (!debtor) return null;
  const accountIds = await listDebtorAccountIds(tx, debtor.id);
  const identities = await listDebtorIdentityUsers(tx, debtor.id);
  const preferences = await listDebtorPreferenceUsers(tx, debtor.id);
  const verifiedUsers = identities
    .filter((identity) => identity.verifiedAt !== null)
    .map(({ channel, channelUserId }) => ({ channel, channelUserId }));
  const conversations = await listDebtorConversations(tx, { debtorId: debtor.id, unlinkedOf: verifiedUsers });
  const channelUsers = unique(
    [...identities, ...preferences, ...conversations].map(({ channel, channelUserId }) => ({ channel, channelUserId })),
    (user) => `${user.channel}:${user.channelUserId}`,
  ).filter((user) => user.channelUserId !== ERASED_CHANNEL_USER);
  return {
    debtor,
    accountIds,
    channelUsers,
    conversations,
    actorIds: channelUsers.map((user) => `${user.channel}:${user.channelUserId}`),
    botStateKeys: botStateKeysOf(conversations, channelUsers),
  };
}
