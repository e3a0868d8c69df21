import type { ChannelUser } from './channel-user.js';
import type { LedgerDb } from './ledger-db.js';

/** The identity columns of a debtor that erasure rewrites. */
export interface DebtorIdentityColumns {
  readonly externalId: string;
  readonly fullName: string;
  readonly documentNumber: string;
  readonly documentNumberNormalized: string;
  readonly dateOfBirthIso: string;
  readonly phone: string;
  readonly email: string;
}

/** The debtor's rows: linked to them directly or through one of their accounts. */
interface OwnedRows {
  readonly debtorId: string;
  readonly accountIds: readonly string[];
}

function ownedBy(rows: OwnedRows): { OR: [{ debtorId: string }, { accountId: { in: string[] } }] } {
  return { OR: [{ debtorId: rows.debtorId }, { accountId: { in: [...rows.accountIds] } }] };
}

/** Writes the debtor's identity columns. */
export async function setDebtorIdentity(
  db: LedgerDb,
  input: { readonly debtorId: string; readonly identity: DebtorIdentityColumns },
): Promise<void> {
  await db.debtor.update({ where: { id: input.debtorId }, data: input.identity });
}

/** Reads which of these accounts have an external reference not starting with `prefix`. */
export async function listAccountIdsWithoutRefPrefix(
  db: LedgerDb,
  input: { readonly accountIds: readonly string[]; readonly prefix: string },
): Promise<string[]> {
  const rows = await db.account.findMany({
    where: { id: { in: [...input.accountIds] }, NOT: { externalRef: { startsWith: input.prefix } } },
    select: { id: true },
  });
  return rows.map((row) => row.id);
}

/** Writes an account's external reference. */
export async function setAccountExternalRef(
  db: LedgerDb,
  input: { readonly accountId: string; readonly externalRef: string },
): Promise<void> {
  await db.account.update({ where: { id: input.accountId }, data: { externalRef: input.externalRef } });
}

/** Deletes the debtor's channel identities; how many. */
export async function deleteDebtorIdentities(db: LedgerDb, debtorId: string): Promise<number> {
  return (await db.channelIdentity.deleteMany({ where: { debtorId } })).count;
}

/** Unlinks the debtor's contact preferences from them (the rows stay, keyed by channel user); how many. */
export async function unlinkDebtorPreferences(db: LedgerDb, debtorId: string): Promise<number> {
  return (await db.contactPreference.updateMany({ where: { debtorId }, data: { debtorId: null } })).count;
}

/** Clears the provider message ids of the debtor's contact log (a WhatsApp "wamid" encodes their number); how many. */
export async function clearContactMessageIds(db: LedgerDb, debtorId: string): Promise<number> {
  return (await db.contactAttempt.updateMany({ where: { debtorId, providerMessageId: { not: null } }, data: { providerMessageId: null } }))
    .count;
}

/** Deletes the bot state documents under these keys; how many. */
export async function deleteBotStates(db: LedgerDb, keys: readonly string[]): Promise<number> {
  return (await db.botState.deleteMany({ where: { key: { in: [...keys] } } })).count;
}

/** Rewrites a conversation's channel keys, links it to the debtor and drops its stored reference. */
export async function rekeyConversation(
  db: LedgerDb,
  input: {
    readonly conversationId: string;
    readonly debtorId: string;
    readonly channelUserId: string;
    readonly channelConversationId: string;
  },
): Promise<void> {
  await db.conversation.update({
    where: { id: input.conversationId },
    data: {
      debtorId: input.debtorId,
      channelUserId: input.channelUserId,
      channelConversationId: input.channelConversationId,
      reference: null,
    },
  });
}

/** Replaces by `text` the text of every message of these conversations not already `text`; how many changed. */
export async function replaceConversationTexts(
  db: LedgerDb,
  input: { readonly conversationIds: readonly string[]; readonly text: string },
): Promise<number> {
  return (
    await db.message.updateMany({
      where: { conversationId: { in: [...input.conversationIds] }, text: { not: input.text } },
      data: { text: input.text },
    })
  ).count;
}

/** Renames the debtor actor id `channel:channelUserId` of the user's audit events to `channel:replacement`; how many. */
export async function renameDebtorActor(
  db: LedgerDb,
  input: { readonly user: ChannelUser; readonly replacement: string },
): Promise<number> {
  const { user, replacement } = input;
  return (
    await db.auditEvent.updateMany({
      where: { actorType: 'debtor', actorId: `${user.channel}:${user.channelUserId}` },
      data: { actorId: `${user.channel}:${replacement}` },
    })
  ).count;
}

/** Replaces by `text` the text of the debtor's disputes not already `text`; how many. */
export async function replaceDisputeTexts(db: LedgerDb, input: OwnedRows & { readonly text: string }): Promise<number> {
  return (await db.dispute.updateMany({ where: { ...ownedBy(input), text: { not: input.text } }, data: { text: input.text } })).count;
}

/** Replaces by `text` the notes of the debtor's payment claims that have one other than `text`; how many. */
export async function replaceClaimNotes(db: LedgerDb, input: OwnedRows & { readonly text: string }): Promise<number> {
  return (
    await db.paymentClaim.updateMany({
      where: { ...ownedBy(input), note: { not: null }, NOT: { note: input.text } },
      data: { note: input.text },
    })
  ).count;
}

/** Clears `createdById` of the debtor's agreements and promises the debtor created; how many rows. */
export async function clearDebtorCreatorIds(db: LedgerDb, input: OwnedRows): Promise<number> {
  const byDebtor = { ...ownedBy(input), createdByType: 'debtor', createdById: { not: null } };
  return (
    (await db.agreement.updateMany({ where: byDebtor, data: { createdById: null } })).count +
    (await db.paymentPromise.updateMany({ where: byDebtor, data: { createdById: null } })).count
  );
}
