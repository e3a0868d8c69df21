import type { Activity, TurnContext } from 'botbuilder-core';
import { dateInTimeZone } from '../lib/calendar.js';
import { listAccounts, type AccountView, type Actor, type VerifiedDebtor } from '../ledger/index.js';
import { messagesFor, type Catalog } from './messages/index.js';
import type { DialogServices } from './services.js';
import { turnInfo } from './turn.js';

/** The catalog in this turn's language. */
export function catalogOf(context: TurnContext): Catalog {
  return messagesFor(turnInfo(context).language);
}

/** The verified debtor of this conversation; dialogs that disclose run only after verification. */
export function verifiedDebtor(context: TurnContext): VerifiedDebtor {
  const verified = turnInfo(context).memory.verified;
  if (!verified) throw new Error('disclosing dialog started before verification');
  return verified;
}

/** Today in the debtor's time zone. */
export function debtorToday(services: DialogServices, debtor: VerifiedDebtor): string {
  return dateInTimeZone(services.now(), debtor.timezone);
}

/**
 * The verified debtor's accounts for a reply that opens the turn's work (the route's answer to "balance" or "how do I
 * pay?"): as read with the conversation when the turn began, where that read brought them (PostgreSQL: one round trip
 * fewer), else read now. Nothing in the turn can have changed an account before such a reply; a step that comes after
 * a write of the turn reads them with listAccounts.
 */
export async function accountsAtTurnStart(context: TurnContext, debtor: VerifiedDebtor): Promise<readonly AccountView[]> {
  const info = turnInfo(context);
  const atStart = info.accountsAtStart;
  return atStart?.debtorId === debtor.debtorId ? atStart.accounts : listAccounts(info.ledger, debtor.debtorId);
}

/** Sends a message that discloses debt information, preceded once by the US debt-collector disclosure. */
export async function sendDisclosing(context: TurnContext, message: string | Partial<Activity>): Promise<void> {
  const info = turnInfo(context);
  const activity: Partial<Activity> = typeof message === 'string' ? { type: 'message', text: message } : { ...message };
  if (info.memory.verified?.country === 'US' && !info.memory.disclosureGiven) {
    info.memory.disclosureGiven = true;
    activity.text = `${messagesFor(info.language).usDisclosure}\n\n${activity.text ?? ''}`;
  }
  await context.sendActivity(activity);
}

/** The ledger actor for what the debtor agrees in this turn: their channel identity. */
export function debtorActor(context: TurnContext): Actor {
  const info = turnInfo(context);
  return { type: 'debtor', id: `${info.channel}:${info.channelUserId}`, conversationId: info.conversationId };
}

/**
 * An idempotency key for a ledger write made in this turn, from the activity's own id: a redelivered
 * activity yields the same key. Every channel gives its activities ids; an activity without one cannot
 * write (a random key would let a retry write twice).
 */
export function turnKey(context: TurnContext, purpose: string): string {
  const activityId = context.activity.id;
  if (!activityId) throw new Error('this activity has no id: a ledger write needs one for its idempotency key');
  return `${turnInfo(context).conversationId}:${activityId}:${purpose}`;
}
