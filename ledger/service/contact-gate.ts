import { countAccountsOnHold } from '../store/account-rows.js';
import type { ChannelUser } from '../store/channel-user.js';
import { findContactStop } from '../store/contact-rows.js';
import type { LedgerContext } from './context.js';

/** What a message sent on the bot's own initiative is for: service notices (a queue wait) or collection content (reminders). */
export type OutboundPurpose = 'service' | 'collection';

/** Why a message on the bot's own initiative may not go out. */
export type ContactRefusal = 'opted_out' | 'wrong_person' | 'in_dispute';

/** The gate's answer for one message (DESIGN §11). */
export type ContactDecision = { readonly allowed: true } | { readonly allowed: false; readonly reason: ContactRefusal };

/** Whom a message would go to: the channel user and, once known, the debtor. */
export interface ContactTarget extends ChannelUser {
  readonly debtorId: string | null;
}

/**
 * The one gate for every message the bot sends on its own initiative (DESIGN §11): refuses a channel
 * the user opted out of, an address marked "wrong person", and collection content to a debtor with an
 * account in dispute. Replies inside a conversation the debtor is having do not pass through here.
 */
export async function checkOutboundContact(
  context: LedgerContext,
  target: ContactTarget,
  purpose: OutboundPurpose,
): Promise<ContactDecision> {
  const preference = await findContactStop(context.sql, target);
  if (preference?.optedOutAt) return { allowed: false, reason: preference.reason === 'wrong_person' ? 'wrong_person' : 'opted_out' };
  if (purpose === 'collection' && target.debtorId) {
    const disputed = await countAccountsOnHold(context.prisma, target.debtorId);
    if (disputed > 0) return { allowed: false, reason: 'in_dispute' };
  }
  return { allowed: true };
}
