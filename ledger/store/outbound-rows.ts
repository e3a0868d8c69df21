import type { SqlExecutor } from '../db/sql-runner.js';
import type { PlanningAccount, PlanningDebtor } from '../outbound/planner.js';
import { chunked } from './chunked.js';
import { dateColumn } from './sql-columns.js';

/**
 * The WhatsApp Business Cloud API's channel id (the adapter's `whatsAppCloudChannelId`; the ledger imports no adapter,
 * a test checks that they agree).
 */
export const whatsAppCloudChannel = 'whatsapp_cloud';

/** Channels a reminder can go out on, preferred in this order when the debtor has not written on any yet. */
const channelOrder = ['telegram', whatsAppCloudChannel, 'whatsapp', 'webchat'] as const;

/**
 * The contact log reasons of a message the provider reported undeliverable after it accepted the send (WhatsApp Cloud
 * API: a "failed" status with 131026, e.g. a number not on WhatsApp). Such a message never reached anyone: it does not
 * count as a contact made (frequency limits, the key's "already made"), and its reminder is put back for the next channel.
 */
export const undeliverableReasons: readonly string[] = ['131026'];

/**
 * How long the Cloud channel is skipped for a debtor's reminders after a message to their number was reported
 * undeliverable, in days; sooner when they write on that channel again (then the number evidently works).
 */
export const undeliverableForDays = 30;

/** What the planner is told besides the database: the day planning starts from, and the channels switched on. */
export interface PlanningScope {
  /** Promises due before this date and contacts made before it no longer matter to a plan from `fromDateIso`. */
  readonly sinceDateIso: string;
  /** Channels the configuration can reach debtors on (e.g. WhatsApp only with WHATSAPP_OUTBOUND=true). */
  readonly channels: ReadonlySet<string>;
  /** Only this debtor (the check at send time), instead of the whole portfolio. */
  readonly debtorId?: string;
  /**
   * The instant planned from (epoch ms): a number reported undeliverable in the `undeliverableForDays` before it is
   * skipped. Without it, every report since `sinceDateIso` counts.
   */
  readonly fromMs?: number;
}

type Row = Record<string, unknown>;

const text = (value: unknown): string => String(value);

/** Groups rows by a key, keeping their order. */
function groupBy<T>(rows: readonly T[], keyOf: (row: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const row of rows) {
    const key = keyOf(row);
    const group = groups.get(key);
    if (group) group.push(row);
    else groups.set(key, [row]);
  }
  return groups;
}

/**
 * Reads everything the outbound planner needs about every debtor with an active account, in a few whole-table
 * queries (a portfolio of 100,000 accounts is planned in one pass): accounts, the installments of agreements in force,
 * open promises, the channels that can reach each debtor and are not stopped, pauses, and contacts already made.
 */
export async function loadPlanningDebtors(sql: SqlExecutor, scope: PlanningScope): Promise<PlanningDebtor[]> {
  const one = scope.debtorId;
  const only = (column: string) => (one === undefined ? '' : ` AND ${column} = ?`);
  const idParam = one === undefined ? [] : [one];
  const undeliverableSince =
    scope.fromMs === undefined ? new Date(`${scope.sinceDateIso}T00:00:00Z`) : new Date(scope.fromMs - undeliverableForDays * 86_400_000);
  const undeliverableIn = undeliverableReasons.map(() => '?').join(', ');
  const [debtors, accounts, installments, promises, identities, stops, pauses, made, undeliverable] = await Promise.all([
    sql.query(
      `SELECT "id", "externalId", "country", "timezone", "phone" FROM "Debtor" WHERE 1 = 1${only('"id"')} ORDER BY "externalId"`,
      idParam,
    ),
    sql.query(
      `SELECT "id", "externalRef", "debtorId", "status", "balanceMinor", "dueDateIso", "activeAgreementId"
       FROM "Account" WHERE 1 = 1${only('"debtorId"')} ORDER BY "externalRef"`,
      idParam,
    ),
    sql.query(
      `SELECT i."agreementId", i."dueDateIso" FROM "Installment" i JOIN "Account" a ON a."activeAgreementId" = i."agreementId"
       WHERE i."status" = 'pending'${only('a."debtorId"')} ORDER BY i."agreementId", i."sequence"`,
      idParam,
    ),
    sql.query(
      `SELECT "accountId", "dueDateIso", "status" FROM "PaymentPromise"
       WHERE "status" IN ('pending', 'broken') AND "dueDateIso" >= ?${only('"debtorId"')} ORDER BY "accountId", "dueDateIso"`,
      [scope.sinceDateIso, ...idParam],
    ),
    sql.query(
      `SELECT i."debtorId", i."channel", i."channelUserId",
         (SELECT MAX(c."updatedAt") FROM "Conversation" c WHERE c."channel" = i."channel" AND c."channelUserId" = i."channelUserId") AS "lastSeen"
       FROM "ChannelIdentity" i WHERE i."debtorId" IS NOT NULL AND i."verifiedAt" IS NOT NULL${only('i."debtorId"')}`,
      idParam,
    ),
    one === undefined
      ? sql.query('SELECT "channel", "channelUserId", "debtorId" FROM "ContactPreference" WHERE "optedOutAt" IS NOT NULL')
      : sql.query(
          `SELECT p."channel", p."channelUserId", p."debtorId" FROM "ContactPreference" p WHERE p."optedOutAt" IS NOT NULL
           AND (p."debtorId" = ? OR p."channel" IN ('whatsapp', '${whatsAppCloudChannel}')
             OR EXISTS (SELECT 1 FROM "ChannelIdentity" i WHERE i."debtorId" = ? AND i."channel" = p."channel" AND i."channelUserId" = p."channelUserId"))`,
          [one, one],
        ),
    sql.query('SELECT "scope" FROM "OutboundPause"'),
    // A message the provider tracks counts whatever its delivery status became (delivered, read, or failed after it left);
    // a web chat notice counts once (its "delivered" line, written when it is shown, does not).
    // Except one reported undeliverable: it reached nobody (and its reminder goes on the next channel).
    sql.query(
      `SELECT "debtorId", "jobKey", "localDateIso", "channel" FROM "ContactAttempt"
       WHERE ("outcome" = 'sent' OR "providerMessageId" IS NOT NULL) AND "localDateIso" >= ?${only('"debtorId"')}
         AND NOT ("outcome" = 'failed' AND "reason" IN (${undeliverableIn}))`,
      [scope.sinceDateIso, ...idParam, ...undeliverableReasons],
    ),
    // The latest report that a reminder on the Cloud channel was undeliverable, per debtor.
    sql.query(
      `SELECT "debtorId", MAX("statusAt") AS "markedAt" FROM "ContactAttempt"
       WHERE "channel" = ? AND "outcome" = 'failed' AND "reason" IN (${undeliverableIn}) AND "statusAt" >= ?${only('"debtorId"')}
       GROUP BY "debtorId"`,
      [whatsAppCloudChannel, ...undeliverableReasons, undeliverableSince, ...idParam],
    ),
  ]);
  const pausedScopes = new Set(pauses.map((row) => text(row.scope)));
  const stoppedAddresses = new Set(stops.map((row) => `${text(row.channel)} ${text(row.channelUserId)}`));
  const stoppedDebtorChannels = new Set(
    stops.filter((row) => row.debtorId !== null).map((row) => `${text(row.channel)} ${text(row.debtorId)}`),
  );
  const installmentsByAgreement = groupBy(installments, (row) => text(row.agreementId));
  const promisesByAccount = groupBy(promises, (row) => text(row.accountId));
  const accountsByDebtor = groupBy(accounts, (row) => text(row.debtorId));
  const identitiesByDebtor = groupBy(identities, (row) => text(row.debtorId));
  const madeByDebtor = groupBy(made, (row) => text(row.debtorId));
  const undeliverableDebtors = await stillUndeliverable(sql, undeliverable, debtors, identities);

  const planning: PlanningDebtor[] = [];
  for (const debtor of debtors) {
    const id = text(debtor.id);
    const debtorAccounts = (accountsByDebtor.get(id) ?? []).map((row) => accountOf(row, installmentsByAgreement, promisesByAccount));
    if (!debtorAccounts.some((account) => account.status === 'active')) continue;
    const reachable = (channel: string, address: string) =>
      scope.channels.has(channel) &&
      !stoppedAddresses.has(`${channel} ${address}`) &&
      !stoppedDebtorChannels.has(`${channel} ${id}`) &&
      !(channel === whatsAppCloudChannel && undeliverableDebtors.has(id));
    planning.push({
      id,
      ref: text(debtor.externalId),
      country: text(debtor.country),
      timezone: text(debtor.timezone),
      paused: pausedScopes.has('all') || pausedScopes.has(`debtor:${id}`),
      channels: channelsOf(identitiesByDebtor.get(id) ?? [], phoneAddressesOf(text(debtor.phone)), reachable),
      accounts: debtorAccounts,
      made: (madeByDebtor.get(id) ?? []).map((row) => ({
        key: text(row.jobKey),
        dateIso: text(row.localDateIso),
        channel: text(row.channel),
      })),
    });
  }
  return planning;
}

/**
 * The debtors (of `marks`: debtor id, when their number was last reported undeliverable on the Cloud channel) whose
 * number is still taken for undeliverable there: they have not written on that channel since, from their phone's
 * address or a chat they verified.
 */
async function stillUndeliverable(
  sql: SqlExecutor,
  marks: readonly Row[],
  debtors: readonly Row[],
  identities: readonly Row[],
): Promise<Set<string>> {
  const markedAt = new Map<string, number>();
  for (const row of marks) {
    const at = dateColumn(row.markedAt);
    if (at) markedAt.set(text(row.debtorId), at.getTime());
  }
  if (markedAt.size === 0) return new Set();
  const addressesOf = new Map<string, Set<string>>();
  const add = (debtorId: string, address: string | null) => {
    if (address === null || !markedAt.has(debtorId)) return;
    const set = addressesOf.get(debtorId) ?? new Set<string>();
    set.add(address);
    addressesOf.set(debtorId, set);
  };
  for (const debtor of debtors) add(text(debtor.id), whatsAppCloudAddressOf(text(debtor.phone)));
  for (const identity of identities)
    if (text(identity.channel) === whatsAppCloudChannel) add(text(identity.debtorId), text(identity.channelUserId));
  const lastWrote = new Map<string, number>();
  const addresses = [...new Set([...addressesOf.values()].flatMap((set) => [...set]))];
  for (const chunk of chunked(addresses, 500)) {
    const rows = await sql.query(
      `SELECT c."channelUserId", MAX(m."createdAt") AS "lastIn" FROM "Message" m JOIN "Conversation" c ON c."id" = m."conversationId"
       WHERE c."channel" = ? AND m."author" = 'debtor' AND c."channelUserId" IN (${chunk.map(() => '?').join(', ')})
       GROUP BY c."channelUserId"`,
      [whatsAppCloudChannel, ...chunk],
    );
    for (const row of rows) {
      const at = dateColumn(row.lastIn);
      if (at) lastWrote.set(text(row.channelUserId), at.getTime());
    }
  }
  const still = new Set<string>();
  for (const [debtorId, at] of markedAt) {
    const wroteSince = [...(addressesOf.get(debtorId) ?? [])].some((address) => (lastWrote.get(address) ?? 0) > at);
    if (!wroteSince) still.add(debtorId);
  }
  return still;
}

function accountOf(row: Row, installmentsByAgreement: Map<string, Row[]>, promisesByAccount: Map<string, Row[]>): PlanningAccount {
  const agreementId = row.activeAgreementId === null ? null : text(row.activeAgreementId);
  return {
    id: text(row.id),
    ref: text(row.externalRef),
    status: text(row.status),
    balanceMinor: BigInt(row.balanceMinor as bigint | number),
    dueDateIso: text(row.dueDateIso),
    pendingInstallmentDates:
      agreementId === null ? null : (installmentsByAgreement.get(agreementId) ?? []).map((entry) => text(entry.dueDateIso)),
    openPromises: (promisesByAccount.get(text(row.id)) ?? []).map((entry) => ({
      dueDateIso: text(entry.dueDateIso),
      status: text(entry.status),
    })),
  };
}

/** The WhatsApp address of a phone number as stored (digits with country code), or null when it has too few digits. */
export function whatsAppAddressOf(phone: string): string | null {
  const digits = phone.replace(/\D/g, '');
  return digits.length >= 8 ? `${digits}@s.whatsapp.net` : null;
}

/** The WhatsApp Cloud API address of a phone number: its digits with the country code (the user's WhatsApp id), or null unless 8–15 digits. */
export function whatsAppCloudAddressOf(phone: string): string | null {
  const digits = phone.replace(/\D/g, '');
  return digits.length >= 8 && digits.length <= 15 ? digits : null;
}

/** The channels that reach a debtor at their phone number, whether or not they ever wrote, with the address of a number on each. */
const phoneChannels: ReadonlyArray<readonly [string, (phone: string) => string | null]> = [
  ['whatsapp', whatsAppAddressOf],
  [whatsAppCloudChannel, whatsAppCloudAddressOf],
];

/** True for a channel that reaches debtors at their phone number (WhatsApp, Baileys or the Cloud API). */
export function isPhoneChannel(channel: string): boolean {
  return phoneChannels.some(([name]) => name === channel);
}

/** The address of a phone number on `channel`, or null when the channel does not reach phones or the number is unusable. */
export function phoneAddressOf(channel: string, phone: string): string | null {
  return phoneChannels.find(([name]) => name === channel)?.[1](phone) ?? null;
}

function phoneAddressesOf(phone: string): Array<readonly [string, string]> {
  return phoneChannels.flatMap(([channel, addressOf]) => {
    const address = addressOf(phone);
    return address ? [[channel, address] as const] : [];
  });
}

/**
 * The channels that can reach a debtor, the one they last wrote on first (web chat last): their verified chats
 * (Telegram, web chat, WhatsApp) and their phone on WhatsApp (Baileys, the Cloud API), each only when switched on and not
 * opted out or marked "wrong person".
 */
function channelsOf(
  identities: readonly Row[],
  phoneAddresses: ReadonlyArray<readonly [string, string]>,
  reachable: (channel: string, address: string) => boolean,
): string[] {
  const lastSeen = new Map<string, number>();
  for (const identity of identities) {
    const channel = text(identity.channel);
    if (!reachable(channel, text(identity.channelUserId))) continue;
    const seen = identity.lastSeen === null ? 0 : new Date(identity.lastSeen as string | Date).getTime();
    lastSeen.set(channel, Math.max(lastSeen.get(channel) ?? 0, seen || 0));
  }
  for (const [channel, address] of phoneAddresses) if (reachable(channel, address) && !lastSeen.has(channel)) lastSeen.set(channel, 0);
  // Web chat only shows a notice when the debtor next opens it: any channel that delivers comes first.
  const rank = (channel: string) => (channel === 'webchat' ? 1 : 0);
  return [...lastSeen.keys()].sort(
    (a, b) =>
      rank(a) - rank(b) ||
      (lastSeen.get(b) ?? 0) - (lastSeen.get(a) ?? 0) ||
      channelOrder.indexOf(a as (typeof channelOrder)[number]) - channelOrder.indexOf(b as (typeof channelOrder)[number]),
  );
}
