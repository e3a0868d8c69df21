// Contact preferences: whether the bot may write to a channel user's address on its own initiative. Read by the
// outbound gate and written by opt-outs and verification, on the ledger's SQL runner.
import type { SqlExecutor } from '../db/sql-runner.js';
import type { ChannelUser } from './channel-user.js';
import { sortableId } from './sortable-id.js';
import { dateColumn } from './sql-columns.js';

/** Why contact on a channel stops. */
export type OptOutReason = 'opt_out' | 'wrong_person';

/** Whether and why contact with a channel user's address stopped. */
export interface ContactStop {
  readonly optedOutAt: Date | null;
  readonly reason: string | null;
}

/** Reads a channel user's contact preference, or null when none was ever written. */
export async function findContactStop(sql: SqlExecutor, user: ChannelUser): Promise<ContactStop | null> {
  const [row] = await sql.query<{ optedOutAt: unknown; reason: string | null }>(
    'SELECT "optedOutAt", "reason" FROM "ContactPreference" WHERE "channel" = ? AND "channelUserId" = ?',
    [user.channel, user.channelUserId],
  );
  return row ? { optedOutAt: dateColumn(row.optedOutAt), reason: row.reason } : null;
}

/** Writes the stop mark on a channel user's address (an opt-out links `debtorId` when known, "wrong person" unlinks any debtor); returns the preference's id. */
export async function stopContact(
  sql: SqlExecutor,
  stop: { readonly user: ChannelUser; readonly reason: OptOutReason; readonly debtorId: string | null; readonly now: Date },
): Promise<string> {
  const { user, reason, now } = stop;
  const linkedDebtor = reason === 'wrong_person' ? null : stop.debtorId;
  // On an existing row: "wrong person" clears the debtor, an opt-out links the one given and keeps a known one otherwise.
  await sql.execute(
    `INSERT INTO "ContactPreference" ("id", "channel", "channelUserId", "debtorId", "optedOutAt", "reason", "createdAt", "updatedAt")
     VALUES (?, ?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT ("channel", "channelUserId") DO UPDATE SET "optedOutAt" = excluded."optedOutAt", "reason" = excluded."reason",
       "debtorId" = CASE WHEN excluded."reason" = 'wrong_person' THEN NULL ELSE COALESCE(excluded."debtorId", "ContactPreference"."debtorId") END,
       "updatedAt" = excluded."updatedAt"`,
    [sortableId(now), user.channel, user.channelUserId, linkedDebtor, now, reason, now, now],
  );
  const [row] = await sql.query<{ id: string }>('SELECT "id" FROM "ContactPreference" WHERE "channel" = ? AND "channelUserId" = ?', [
    user.channel,
    user.channelUserId,
  ]);
  if (!row) throw new Error('the contact preference just written cannot be read back');
  return row.id;
}

/** Lifts a "wrong person" mark on a channel user's address (an opt-out stays). */
export async function clearWrongPersonMark(sql: SqlExecutor, user: ChannelUser, now: Date): Promise<void> {
  await sql.execute(
    `UPDATE "ContactPreference" SET "optedOutAt" = NULL, "reason" = NULL, "updatedAt" = ?
     WHERE "channel" = ? AND "channelUserId" = ? AND "reason" = 'wrong_person'`,
    [now, user.channel, user.channelUserId],
  );
}
