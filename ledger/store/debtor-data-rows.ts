import type {
  Account,
  Agreement,
  AuditEvent,
  BalanceEntry,
  BotState,
  ContactAttempt,
  OutboundJob,
  OutboundPause,
  ChannelIdentity,
  ContactPreference,
  Conversation,
  Debtor,
  Dispute,
  Handoff,
  Installment,
  Message,
  Payment,
  PaymentClaim,
  PaymentPromise,
} from '../generated/sqlite/client.js';
import type { ChannelUser } from './channel-user.js';
import type { LedgerDb } from './ledger-db.js';

/** A stored debtor row, identity columns included. */
export type DebtorRow = Debtor;

/** A stored conversation row, channel keys and reference included. */
export type ConversationRecordRow = Conversation;

/** A channel user's identity row as the debtor's scope needs it. */
export type IdentityUserRow = ChannelUser & { readonly verifiedAt: Date | null };

/** Where everything held about one debtor is found (privacy/debtor-scope.ts finds it). */
export interface DebtorRecordKeys {
  readonly debtor: { readonly id: string };
  readonly accountIds: readonly string[];
  /** Channel users linked to the debtor (channel identities) or whose preferences name the debtor. */
  readonly channelUsers: readonly ChannelUser[];
  readonly conversations: ReadonlyArray<{ readonly id: string }>;
  /** BotState keys of the debtor's conversations and channel users (botbuilder's storage keys). */
  readonly botStateKeys: readonly string[];
}

/** Every stored row about one debtor, as stored (money as bigint), oldest first. */
export interface DebtorRecords {
  readonly accounts: ReadonlyArray<Account & { readonly balanceEntries: BalanceEntry[] }>;
  readonly payments: readonly Payment[];
  readonly agreements: ReadonlyArray<Agreement & { readonly installments: Installment[] }>;
  readonly promises: readonly PaymentPromise[];
  readonly paymentClaims: readonly PaymentClaim[];
  readonly disputes: readonly Dispute[];
  readonly contactPreferences: readonly ContactPreference[];
  readonly channelIdentities: readonly ChannelIdentity[];
  readonly conversations: ReadonlyArray<Conversation & { readonly messages: Message[]; readonly handoffs: Handoff[] }>;
  readonly botStates: readonly BotState[];
  /** Reminders planned or made for the debtor (outbound jobs), the contact log, and the operator's pause. */
  readonly outboundJobs: readonly OutboundJob[];
  readonly contactAttempts: readonly ContactAttempt[];
  readonly outboundPauses: readonly OutboundPause[];
}

const byTime = [{ createdAt: 'asc' as const }, { id: 'asc' as const }];

/** Reads the debtor with this external id (the lender's `debtor_id`, or a pseudonym), or null. */
export async function findDebtorByExternalId(db: LedgerDb, externalId: string): Promise<DebtorRow | null> {
  return db.debtor.findUnique({ where: { externalId } });
}

/** Reads the ids of the debtor's accounts, oldest first. */
export async function listDebtorAccountIds(db: LedgerDb, debtorId: string): Promise<string[]> {
  return (await db.account.findMany({ where: { debtorId }, select: { id: true }, orderBy: byTime })).map((account) => account.id);
}

/** Reads the channel users linked to the debtor by a channel identity, with when each was verified. */
export async function listDebtorIdentityUsers(db: LedgerDb, debtorId: string): Promise<IdentityUserRow[]> {
  return db.channelIdentity.findMany({ where: { debtorId }, select: { channel: true, channelUserId: true, verifiedAt: true } });
}

/** Reads the channel users whose contact preference names the debtor. */
export async function listDebtorPreferenceUsers(db: LedgerDb, debtorId: string): Promise<ChannelUser[]> {
  return db.contactPreference.findMany({ where: { debtorId }, select: { channel: true, channelUserId: true } });
}

/** Reads the conversations linked to the debtor and the unlinked ones of these channel users, oldest first. */
export async function listDebtorConversations(
  db: LedgerDb,
  input: { readonly debtorId: string; readonly unlinkedOf: readonly ChannelUser[] },
): Promise<ConversationRecordRow[]> {
  return db.conversation.findMany({
    where: {
      OR: [
        { debtorId: input.debtorId },
        ...input.unlinkedOf.map(({ channel, channelUserId }) => ({ debtorId: null, channel, channelUserId })),
      ],
    },
    orderBy: byTime,
  });
}

/** Reads every row held under these keys: accounts with balance entries, money records, channel links, conversations with messages and handoffs, bot state. */
export async function readDebtorRecords(db: LedgerDb, keys: DebtorRecordKeys): Promise<DebtorRecords> {
  const debtorId = keys.debtor.id;
  const accountIds = [...keys.accountIds];
  const ownedByDebtor = { OR: [{ debtorId }, { accountId: { in: accountIds } }] };
  const accounts = await db.account.findMany({
    where: { id: { in: accountIds } },
    orderBy: byTime,
    include: { balanceEntries: { orderBy: byTime } },
  });
  const payments = await db.payment.findMany({ where: { accountId: { in: accountIds } }, orderBy: byTime });
  const agreements = await db.agreement.findMany({
    where: ownedByDebtor,
    orderBy: byTime,
    include: { installments: { orderBy: { sequence: 'asc' } } },
  });
  const promises = await db.paymentPromise.findMany({ where: ownedByDebtor, orderBy: byTime });
  const paymentClaims = await db.paymentClaim.findMany({ where: ownedByDebtor, orderBy: byTime });
  const disputes = await db.dispute.findMany({ where: ownedByDebtor, orderBy: byTime });
  const users = keys.channelUsers.map(({ channel, channelUserId }) => ({ channel, channelUserId }));
  const contactPreferences = await db.contactPreference.findMany({ where: { OR: [{ debtorId }, ...users] }, orderBy: byTime });
  const channelIdentities = await db.channelIdentity.findMany({ where: { debtorId }, orderBy: byTime });
  const conversations = await db.conversation.findMany({
    where: { id: { in: keys.conversations.map((conversation) => conversation.id) } },
    orderBy: byTime,
    include: { messages: { orderBy: byTime }, handoffs: { orderBy: [{ queuedAt: 'asc' }, { id: 'asc' }] } },
  });
  const botStates = await db.botState.findMany({ where: { key: { in: [...keys.botStateKeys] } } });
  const outboundJobs = await db.outboundJob.findMany({ where: { debtorId }, orderBy: [{ dueAt: 'asc' }, { key: 'asc' }] });
  const contactAttempts = await db.contactAttempt.findMany({ where: { debtorId }, orderBy: [{ attemptedAt: 'asc' }, { id: 'asc' }] });
  const outboundPauses = await db.outboundPause.findMany({ where: { debtorId } });
  return {
    outboundJobs,
    contactAttempts,
    outboundPauses,
    accounts,
    payments,
    agreements,
    promises,
    paymentClaims,
    disputes,
    contactPreferences,
    channelIdentities,
    conversations,
    botStates,
  };
}

/** Reads the audit events about any of these rows or made by these debtor actor ids (`channel:channelUserId`), oldest first. */
export async function listAuditEventsAbout(
  db: LedgerDb,
  input: { readonly entityIds: readonly string[]; readonly debtorActorIds: readonly string[] },
): Promise<AuditEvent[]> {
  return db.auditEvent.findMany({
    where: { OR: [{ entityId: { in: [...input.entityIds] } }, { actorType: 'debtor', actorId: { in: [...input.debtorActorIds] } }] },
    orderBy: byTime,
  });
}
