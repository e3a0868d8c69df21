// Erasure (DESIGN §11): identity and transcripts go, money records stay under a pseudonym (see README.md).
import type { LedgerTransaction } from '../db/open-database.js';
import { writeAudit, type Actor } from '../store/audit.js';
import {
  clearContactMessageIds,
  clearDebtorCreatorIds,
  deleteBotStates,
  deleteDebtorIdentities,
  listAccountIdsWithoutRefPrefix,
  rekeyConversation,
  renameDebtorActor,
  replaceClaimNotes,
  replaceConversationTexts,
  replaceDisputeTexts,
  setAccountExternalRef,
  setDebtorIdentity,
  unlinkDebtorPreferences,
  type DebtorIdentityColumns,
} from '../store/debtor-erasure-rows.js';
import { inTransaction } from '../store/transactions.js';
import type { LedgerContext } from '../service/context.js';
import { findDebtorScope, type DebtorScope } from './debtor-scope.js';
import { ERASED_CHANNEL_USER, ERASED_TEXT, PSEUDONYM_PREFIX, pseudonymFor } from './markers.js';

/** What one erasure changed, row counts per kind; all zero when the debtor was already erased. */
export interface ErasureCounts {
  readonly debtor: number;
  readonly accountRefs: number;
  readonly channelIdentities: number;
  readonly contactPreferences: number;
  /** Contact log lines whose provider message id (it encodes the number) was cleared; the lines stay. */
  readonly contactMessageIds: number;
  readonly conversations: number;
  readonly messages: number;
  readonly botStates: number;
  readonly disputeTexts: number;
  readonly claimNotes: number;
  readonly createdByIds: number;
  readonly auditActors: number;
}

/** The outcome of eraseDebtor. */
export interface ErasureSummary {
  /** The debtor's external id from now on; export and erase find the debtor by it. */
  readonly pseudonym: string;
  /** True when nothing was left to erase (an earlier erasure did it all). */
  readonly alreadyErased: boolean;
  readonly counts: ErasureCounts;
}

/** Identity columns of an erased debtor: the name becomes the pseudonym, the rest empty (the columns are NOT NULL). */
function erasedIdentity(pseudonym: string): DebtorIdentityColumns {
  return {
    externalId: pseudonym,
    fullName: pseudonym,
    documentNumber: '',
    documentNumberNormalized: '',
    dateOfBirthIso: '',
    phone: '',
    email: '',
  };
}

async function eraseIdentity(
  tx: LedgerTransaction,
  scope: DebtorScope,
  pseudonym: string,
): Promise<Pick<ErasureCounts, 'debtor' | 'accountRefs'>> {
  const identity = erasedIdentity(pseudonym);
  const { debtor } = scope;
  const debtorChanged = (Object.keys(identity) as Array<keyof typeof identity>).some((key) => debtor[key] !== identity[key]);
  if (debtorChanged) await setDebtorIdentity(tx, { debtorId: debtor.id, identity });
  let accountRefs = 0;
  for (const accountId of await listAccountIdsWithoutRefPrefix(tx, { accountIds: scope.accountIds, prefix: PSEUDONYM_PREFIX })) {
    await setAccountExternalRef(tx, { accountId, externalRef: pseudonymFor(accountId) });
    accountRefs += 1;
  }
  return { debtor: debtorChanged ? 1 : 0, accountRefs };
}

async function eraseChannels(
  tx: LedgerTransaction,
  scope: DebtorScope,
): Promise<
  Pick<
    ErasureCounts,
    'channelIdentities' | 'contactPreferences' | 'contactMessageIds' | 'conversations' | 'messages' | 'botStates' | 'auditActors'
  >
> {
  const debtorId = scope.debtor.id;
  const conversationIds = scope.conversations.map((conversation) => conversation.id);
  const channelIdentities = await deleteDebtorIdentities(tx, debtorId);
  // The preference row stays, keyed by the channel user: an opt-out must still be honoured.
  const contactPreferences = await unlinkDebtorPreferences(tx, debtorId);
  const contactMessageIds = await clearContactMessageIds(tx, debtorId);
  const botStates = await deleteBotStates(tx, scope.botStateKeys);
  let conversations = 0;
  for (const conversation of scope.conversations) {
    if (conversation.channelUserId === ERASED_CHANNEL_USER && conversation.reference === null && conversation.debtorId === debtorId)
      continue;
    await rekeyConversation(tx, {
      conversationId: conversation.id,
      debtorId,
      channelUserId: ERASED_CHANNEL_USER,
      channelConversationId: `${ERASED_CHANNEL_USER}-${conversation.id}`,
    });
    conversations += 1;
  }
  const messages = await replaceConversationTexts(tx, { conversationIds, text: ERASED_TEXT });
  let auditActors = 0;
  for (const user of scope.channelUsers) auditActors += await renameDebtorActor(tx, { user, replacement: ERASED_CHANNEL_USER });
  return { channelIdentities, contactPreferences, contactMessageIds, conversations, messages, botStates, auditActors };
}

async function eraseFreeText(
  tx: LedgerTransaction,
  scope: DebtorScope,
): Promise<Pick<ErasureCounts, 'disputeTexts' | 'claimNotes' | 'createdByIds'>> {
  const owned = { debtorId: scope.debtor.id, accountIds: scope.accountIds };
  const disputeTexts = await replaceDisputeTexts(tx, { ...owned, text: ERASED_TEXT });
  const claimNotes = await replaceClaimNotes(tx, { ...owned, text: ERASED_TEXT });
  // A debtor's actor id is their channel user id (a WhatsApp number, say); agents' ids stay.
  const createdByIds = await clearDebtorCreatorIds(tx, owned);
  return { disputeTexts, claimNotes, createdByIds };
}

/**
 * Erases the debtor with this external id (the lender's `debtor_id`, or the pseudonym of an earlier
 * erasure): identity, channel links, transcripts and free text go; money records stay under the pseudonym.
 * One transaction with a "debtor.erased" audit event; idempotent (a second run changes nothing and writes
 * no event). Null if no debtor has that id.
 */
export async function eraseDebtor(
  context: Pick<LedgerContext, 'prisma'>,
  externalId: string,
  actor: Actor,
): Promise<ErasureSummary | null> {
  return inTransaction(context, async (tx) => {
    const scope = await findDebtorScope(tx, externalId);
    if (!scope) return null;
    const pseudonym = pseudonymFor(scope.debtor.id);
    const counts: ErasureCounts = {
      ...(await eraseIdentity(tx, scope, pseudonym)),
      ...(await eraseChannels(tx, scope)),
      ...(await eraseFreeText(tx, scope)),
    };
    const alreadyErased = Object.values(counts).every((count) => count === 0);
    if (!alreadyErased) {
      await writeAudit(tx, {
        actor,
        action: 'debtor.erased',
        entityType: 'Debtor',
        entityId: scope.debtor.id,
        data: { pseudonym, ...counts },
      });
    }
    return { pseudonym, alreadyErased, counts };
  });
}
