import { LedgerError } from '../errors.js';
import { countAgentRows, findAgentByEmail, incrementFailedLogins, insertAgent, resetFailedLogins } from '../store/agent-rows.js';
import { deleteAgentSession, findAgentSession, insertAgentSession } from '../store/agent-session-rows.js';
import { writeAudit } from '../store/audit.js';
import { inTransaction, isUniqueViolation } from '../store/transactions.js';
import type { LedgerContext } from './context.js';

/** Agent roles: supervisors may exceed the policy (audited); admins also manage agents. */
export type AgentRole = 'agent' | 'supervisor' | 'admin';

/** An agent as the console sees it (never the password hash). */
export interface AgentView {
  readonly id: string;
  readonly email: string;
  readonly name: string;
  readonly role: AgentRole;
}

function toRole(role: string): AgentRole {
  return role === 'admin' || role === 'supervisor' ? role : 'agent';
}

/** Creates an agent with an already-hashed password; `email_taken` if the email exists. */
export async function createAgent(
  context: LedgerContext,
  input: { email: string; name: string; passwordHash: string; role: AgentRole },
  createdBy: string | null,
): Promise<AgentView> {
  try {
    return await inTransaction(context, async (tx) => {
      const agent = await insertAgent(tx, {
        email: input.email.toLowerCase(),
        name: input.name,
        passwordHash: input.passwordHash,
        role: input.role,
      });
      await writeAudit(tx, {
        actor: createdBy ? { type: 'agent', id: createdBy } : { type: 'system' },
        action: 'agent.created',
        entityType: 'Agent',
        entityId: agent.id,
        data: { role: input.role },
      });
      return { id: agent.id, email: agent.email, name: agent.name, role: toRole(agent.role) };
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw new LedgerError('email_taken', 'an agent with this email already exists');
    throw error;
  }
}

/** The agent with this email, with what a login check needs. */
export async function findAgentForLogin(context: LedgerContext, email: string) {
  const agent = await findAgentByEmail(context.prisma, email.toLowerCase());
  return agent && { ...agent, role: toRole(agent.role) };
}

/** Records a failed login; after `maxFailures` the account is locked for `lockMinutes`. */
export async function recordLoginFailure(
  context: LedgerContext,
  agentId: string,
  now: Date,
  maxFailures: number,
  lockMinutes: number,
): Promise<void> {
  const failedLogins = await incrementFailedLogins(context.prisma, agentId);
  if (failedLogins >= maxFailures)
    await resetFailedLogins(context.prisma, { agentId, lockedUntil: new Date(now.getTime() + lockMinutes * 60_000) });
}

/** Clears failed logins after a successful one. */
export async function recordLoginSuccess(context: LedgerContext, agentId: string): Promise<void> {
  await resetFailedLogins(context.prisma, { agentId, lockedUntil: null });
}

/** Stores a session (hash of its token) for an agent. */
export async function createSession(
  context: LedgerContext,
  input: { tokenHash: string; agentId: string; csrfToken: string; expiresAt: Date },
): Promise<void> {
  await insertAgentSession(context.prisma, input);
}

/** The agent and CSRF token of a live session, or null. */
export async function findSession(
  context: LedgerContext,
  tokenHash: string,
  now: Date,
): Promise<{ agent: AgentView; csrfToken: string } | null> {
  const session = await findAgentSession(context.prisma, tokenHash);
  if (!session || session.expiresAt <= now) return null;
  return {
    agent: { id: session.agent.id, email: session.agent.email, name: session.agent.name, role: toRole(session.agent.role) },
    csrfToken: session.csrfToken,
  };
}

/** Ends a session. */
export async function deleteSession(context: LedgerContext, tokenHash: string): Promise<void> {
  await deleteAgentSession(context.prisma, tokenHash);
}

/** How many agents exist (the first admin is created from the bootstrap settings). */
export async function countAgents(context: LedgerContext): Promise<number> {
  return countAgentRows(context.sql);
}
