// The first admin: created at start-up from AGENT_BOOTSTRAP_EMAIL / AGENT_BOOTSTRAP_PASSWORD when no agent exists.
import { countAgents, LedgerError, createAgent, type LedgerContext } from '../../ledger/index.js';
import { hashPassword, minimumPasswordLength } from './passwords.js';

/** The bootstrap admin's credentials. */
export interface BootstrapAdmin {
  readonly email: string;
  readonly password: string;
  readonly name?: string;
}

/** What start-up did about the first admin. */
export type BootstrapOutcome = 'created' | 'agents_exist' | 'not_configured';

/** Creates the first admin when the ledger has no agent; another instance creating it at the same time is fine. */
export async function ensureFirstAdmin(
  ledger: LedgerContext,
  admin: BootstrapAdmin | undefined,
  logger: { info: (object: object, message: string) => void; warn: (object: object, message: string) => void },
): Promise<BootstrapOutcome> {
  if ((await countAgents(ledger)) > 0) return 'agents_exist';
  if (!admin) {
    logger.warn(
      {},
      'no agent exists: set AGENT_BOOTSTRAP_EMAIL and AGENT_BOOTSTRAP_PASSWORD to create the first admin of the agent console',
    );
    return 'not_configured';
  }
  if (admin.password.length < minimumPasswordLength)
    throw new Error(`the bootstrap admin password must be at least ${minimumPasswordLength} characters`);
  try {
    const created = await createAgent(
      ledger,
      { email: admin.email, name: admin.name ?? 'Admin', role: 'admin', passwordHash: await hashPassword(admin.password) },
      null,
    );
    logger.info({ agentId: created.id }, 'first admin of the agent console created');
    return 'created';
  } catch (error) {
    if (error instanceof LedgerError && error.code === 'email_taken') return 'agents_exist';
    throw error;
  }
}
