import type { LedgerTransaction } from '../db/open-database.js';
import { canonicalJson } from './canonical-json.js';

/** Who did something: the debtor on a channel, an agent, the import, or the system. */
export interface Actor {
  readonly type: 'debtor' | 'agent' | 'system' | 'import';
  readonly id?: string;
}

/** One audit record; `data` must never carry documents, dates of birth or phone numbers. */
export interface AuditInput {
  readonly actor: Actor;
  readonly action: string;
  readonly entityType: string;
  readonly entityId: string;
  readonly data: Record<string, unknown>;
}

/** Writes an audit event inside the caller's transaction. */
export async function writeAudit(tx: LedgerTransaction, event: AuditInput): Promise<void> {
  await tx.auditEvent.create({
    data: {
      actorType: event.actor.type,
      actorId: event.actor.id ?? null,
      action: event.action,
      entityType: event.entityType,
      entityId: event.entityId,
      data: canonicalJson(event.data),
    },
  });
}
