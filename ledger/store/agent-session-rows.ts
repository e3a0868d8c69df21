import type { LedgerDb } from './ledger-db.js';
import type { AgentRow } from './agent-rows.js';

/** A stored console session with its agent. */
export interface AgentSessionRow {
  readonly agent: AgentRow;
  readonly csrfToken: string;
  readonly expiresAt: Date;
}

/** Inserts a session (the hash of its token) for an agent. */
export async function insertAgentSession(
  db: LedgerDb,
  input: { readonly tokenHash: string; readonly agentId: string; readonly csrfToken: string; readonly expiresAt: Date },
): Promise<void> {
  await db.agentSession.create({
    data: { tokenHash: input.tokenHash, agentId: input.agentId, csrfToken: input.csrfToken, expiresAt: input.expiresAt },
  });
}

/** Reads the session with this token hash and its agent, expired or not; null when there is none. */
export async function findAgentSession(db: LedgerDb, tokenHash: string): Promise<AgentSessionRow | null> {
  return db.agentSession.findUnique({ where: { tokenHash }, include: { agent: true } });
}

/** Deletes the session with this token hash, if any. */
export async function deleteAgentSession(db: LedgerDb, tokenHash: string): Promise<void> {
  await db.agentSession.deleteMany({ where: { tokenHash } });
}
