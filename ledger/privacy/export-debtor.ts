import type { LedgerTransaction } from '../db/open-database.js';
import { writeAudit, type Actor } from '../store/audit.js';
import { listAuditEventsAbout, readDebtorRecords } from '../store/debtor-data-rows.js';
import { inTransaction } from '../store/transactions.js';
import type { LedgerContext } from '../service/context.js';
import { findDebtorScope, type DebtorScope } from './debtor-scope.js';
import { parseStoredJson, toPlainJson, type JsonValue } from './plain-json.js';

/** The format version of the export document. */
export const DEBTOR_EXPORT_FORMAT = 'debt-bot.debtor-export.v1';

/** Everything held about one debtor, as plain JSON (money as decimal strings of minor units, instants ISO). */
export interface DebtorExport {
  readonly format: typeof DEBTOR_EXPORT_FORMAT;
  readonly exportedAt: string;
  readonly debtor: JsonValue;
  readonly accounts: JsonValue;
  readonly payments: JsonValue;
  readonly agreements: JsonValue;
  readonly promises: JsonValue;
  readonly paymentClaims: JsonValue;
  readonly disputes: JsonValue;
  readonly contactPreferences: JsonValue;
  readonly channelIdentities: JsonValue;
  readonly conversations: JsonValue;
  /** Reminders planned or made (outbound jobs), the contact log, and the operator's pause on reminders. */
  readonly outbound: JsonValue;
  readonly auditEvents: JsonValue;
}

/** Reads every record in the scope; the caller's transaction gives one consistent snapshot. */
async function readRecords(tx: LedgerTransaction, scope: DebtorScope, now: Date): Promise<DebtorExport> {
  const debtorId = scope.debtor.id;
  const conversationIds = scope.conversations.map((conversation) => conversation.id);
  const records = await readDebtorRecords(tx, scope);
  const { accounts, payments, agreements, promises, paymentClaims, disputes, contactPreferences, channelIdentities, conversations } =
    records;
  const states = new Map(records.botStates.map((state) => [state.key, state]));
  const entityIds = [
    debtorId,
    ...scope.accountIds,
    ...payments.map((row) => row.id),
    ...agreements.map((row) => row.id),
    ...promises.map((row) => row.id),
    ...paymentClaims.map((row) => row.id),
    ...disputes.map((row) => row.id),
    ...contactPreferences.map((row) => row.id),
    ...channelIdentities.map((row) => row.id),
    ...conversationIds,
    ...conversations.flatMap((row) => row.handoffs.map((handoff) => handoff.id)),
  ];
  const auditEvents = await listAuditEventsAbout(tx, { entityIds, debtorActorIds: scope.actorIds });
  return {
    format: DEBTOR_EXPORT_FORMAT,
    exportedAt: now.toISOString(),
    debtor: toPlainJson(scope.debtor),
    accounts: toPlainJson(accounts),
    payments: toPlainJson(payments),
    agreements: toPlainJson(agreements),
    promises: toPlainJson(promises),
    paymentClaims: toPlainJson(paymentClaims),
    disputes: toPlainJson(disputes),
    contactPreferences: toPlainJson(contactPreferences),
    channelIdentities: toPlainJson(channelIdentities),
    conversations: conversations.map((conversation) => {
      const state = states.get(`${conversation.channel}/conversations/${conversation.channelConversationId}/`);
      return { ...(toPlainJson(conversation) as { [key: string]: JsonValue }), state: state ? parseStoredJson(state.data) : null };
    }),
    outbound: {
      jobs: toPlainJson(records.outboundJobs),
      contactLog: toPlainJson(records.contactAttempts),
      pauses: toPlainJson(records.outboundPauses),
    },
    auditEvents: auditEvents.map((event) => ({
      ...(toPlainJson(event) as { [key: string]: JsonValue }),
      data: parseStoredJson(event.data),
    })),
  };
}

/**
 * Everything held about the debtor with this external id (the lender's `debtor_id`, or the pseudonym once
 * erased), read in one transaction that also records a "debtor.exported" audit event; null if unknown.
 */
export async function exportDebtor(
  context: Pick<LedgerContext, 'prisma'>,
  externalId: string,
  actor: Actor,
  now: Date = new Date(),
): Promise<DebtorExport | null> {
  return inTransaction(context, async (tx) => {
    const scope = await findDebtorScope(tx, externalId);
    if (!scope) return null;
    const document = await readRecords(tx, scope, now);
    await writeAudit(tx, {
      actor,
      action: 'debtor.exported',
      entityType: 'Debtor',
      entityId: scope.debtor.id,
      data: { accounts: scope.accountIds.length, conversations: scope.conversations.length, format: DEBTOR_EXPORT_FORMAT },
    });
    return document;
  });
}
