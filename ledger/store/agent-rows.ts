import type { Agent } from '../generated/sqlite/client.js';
import type { SqlExecutor } from '../db/sql-runner.js';
import type { LedgerDb } from './ledger-db.js';
import { intColumn } from './sql-columns.js';

/** A stored agent, password hash and login counters included; `role` as stored. */
export type AgentRow = Agent;

/** Inserts an agent (email as given) and returns the stored row; fails on a taken email (unique violation). */
export async function insertAgent(
  db: LedgerDb,
  input: { readonly email: string; readonly name: string; readonly passwordHash: string; readonly role: string },
): Promise<AgentRow> {
  return db.agent.create({ data: { email: input.email, name: input.name, passwordHash: input.passwordHash, role: input.role } });
}

/** Reads the agent with this (already lower-cased) email, or null. */
export async function findAgentByEmail(db: LedgerDb, email: string): Promise<AgentRow | null> {
  return db.agent.findUnique({ where: { email } });
}

/** Reads the names of these agents by id (unknown ids are absent). */
export async function agentNamesById(db: LedgerDb, agentIds: readonly string[]): Promise<Map<string, string>> {
  return new Map((await db.agent.findMany({ where: { id: { in: [...agentIds] } } })).map((agent) => [agent.id, agent.name]));
}

/** Adds one to the agent's failed logins and returns the new count. */
export async function incrementFailedLogins(db: LedgerDb, agentId: string): Promise<number> {
  return (await db.agent.update({ where: { id: agentId }, data: { failedLogins: { increment: 1 } } })).failedLogins;
}

/** Clears the agent's failed logins and writes until when logging in is locked (null: not locked). */
export async function resetFailedLogins(
  db: LedgerDb,
  input: { readonly agentId: string; readonly lockedUntil: Date | null },
): Promise<void> {
  await db.agent.update({ where: { id: input.agentId }, data: { failedLogins: 0, lockedUntil: input.lockedUntil } });
}

/** Counts the stored agents. */
export async function countAgentRows(sql: SqlExecutor): Promise<number> {
  const [row] = await sql.query<{ count: unknown }>('SELECT count(*) AS "count" FROM "Agent"');
  return intColumn(row?.count ?? 0);
}
