import type { Logger } from 'pino';
import type { Counter } from 'prom-client';
import {
  checkOutboundContact,
  type ContactDecision,
  type ContactTarget,
  type LedgerContext,
  type OutboundPurpose,
} from '../ledger/index.js';

/** Asks before the bot sends anything on its own initiative (DESIGN §11). */
export interface OutboundGate {
  /** Whether a message of `kind` for `purpose` may go to `target`, and why not; a refusal is logged (no personal data) and counted. */
  decide(target: ContactTarget, purpose: OutboundPurpose, kind: string, conversationId: string | null): Promise<ContactDecision>;
  /** True when `decide` allows it. */
  allows(target: ContactTarget, purpose: OutboundPurpose, kind: string, conversationId: string | null): Promise<boolean>;
}

/** The gate over the ledger's contact rules, logging and counting each refusal by kind and reason. */
export function makeOutboundGate(ledger: LedgerContext, logger: Logger, refused: Counter<'kind' | 'reason'>): OutboundGate {
  const decide: OutboundGate['decide'] = async (target, purpose, kind, conversationId) => {
    const decision = await checkOutboundContact(ledger, target, purpose);
    if (decision.allowed) return decision;
    refused.inc({ kind, reason: decision.reason });
    logger.info({ conversationId, channel: target.channel, kind, reason: decision.reason }, 'outbound message refused by the contact gate');
    return decision;
  };
  return { decide, allows: async (...args) => (await decide(...args)).allowed };
}
