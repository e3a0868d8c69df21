import type { LedgerTransaction } from '../db/open-database.js';
import type { SqlExecutor, SqlValue } from '../db/sql-runner.js';
import { canonicalJson } from './canonical-json.js';
import { sortableId } from './sortable-id.js';

/** Who did something: the debtor on a channel, an agent, the import, or the system. */
export interface Actor {
  readonly type: 'debtor' | 'agent' | 'system' | 'import';
  readonly id?: string;
  /** The conversation a debtor acted in: what they agree or promise there is credited to it (the self-service rate). */
  readonly conversationId?: string;
}

/** One audit record; `data` must never carry documents, dates of birth or phone numbers. */
export interface AuditInput {
  readonly actor: Actor;
  readonly action: string;
  readonly entityType: string;
  readonly entityId: string;
  readonly data: Record<string, unknown>;
}

/** True for a transaction on the ledger's SQL runner (it runs statements), false for a Prisma transaction. */
function isSqlTransaction(tx: LedgerTransaction | SqlExecutor): tx is SqlExecutor {
  return typeof (tx as Partial<SqlExecutor>).execute === 'function';
}

/** An audit event's stored columns, but for its id and creation time. */
function auditRow(event: AuditInput) {
  return {
    actorType: event.actor.type,
    actorId: event.actor.id ?? null,
    action: event.action,
    entityType: event.entityType,
    entityId: event.entityId,
    data: canonicalJson(event.data),
  };
}

/** The columns of an audit row on the ledger's SQL runner, in the order `auditValues` gives them. */
export const auditColumns = '"id", "actorType", "actorId", "action", "entityType", "entityId", "data", "createdAt"';

/** An audit event's values for `auditColumns`, written at `now`. */
export function auditValues(event: AuditInput, now: Date): SqlValue[] {
  const row = auditRow(event);
  return [sortableId(now), row.actorType, row.actorId, row.action, row.entityType, row.entityId, row.data, now];
}

/** Writes an audit event inside the caller's transaction, a Prisma one (cold paths) or one on the SQL runner. */
export async function writeAudit(tx: LedgerTransaction | SqlExecutor, event: AuditInput): Promise<void> {
  if (!isSqlTransaction(tx)) {
    await tx.auditEvent.create({ data: auditRow(event) });
    return;
  }
  await tx.execute(`INSERT INTO "AuditEvent" (${auditColumns}) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, auditValues(event, new Date()));
}
