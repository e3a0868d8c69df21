import type { LedgerDb } from './ledger-db.js';

/** An open handoff (queued or assigned) with the conversation it is about. */
export interface OpenHandoffRow {
  readonly handoffId: string;
  readonly conversationId: string;
  readonly channel: string;
  readonly reason: string;
  readonly priority: number;
  /** As stored: "queued" or "assigned". */
  readonly status: string;
  readonly agentId: string | null;
  readonly agentName: string | null;
  readonly queuedAt: Date;
  readonly debtorId: string | null;
  readonly debtorName: string | null;
  readonly locale: string | null;
}

/** A conversation's latest open handoff and who holds it, if anyone. */
export interface HandoffHoldRow {
  readonly handoffId: string;
  /** As stored: "queued" or "assigned". */
  readonly status: string;
  readonly agentId: string | null;
  readonly agentName: string | null;
}

/** A queued handoff with what is needed to message the debtor. */
export interface WaitingHandoffRow {
  readonly handoffId: string;
  readonly conversationId: string;
  readonly channel: string;
  readonly channelUserId: string;
  /** The verified debtor the conversation is linked to, if any. */
  readonly debtorId: string | null;
  readonly reference: string | null;
  readonly locale: string | null;
}

const openStatuses = ['queued', 'assigned'];

function toHold(row: {
  readonly id: string;
  readonly status: string;
  readonly agentId: string | null;
  readonly agent: { readonly name: string } | null;
}): HandoffHoldRow {
  return { handoffId: row.id, status: row.status, agentId: row.agentId, agentName: row.agent?.name ?? null };
}

/** Reads up to `limit` open handoffs: queued ones by priority then age, then assigned ones. */
export async function listOpenHandoffs(db: LedgerDb, limit: number): Promise<OpenHandoffRow[]> {
  const rows = await db.handoff.findMany({
    where: { status: { in: openStatuses } },
    include: { agent: true, conversation: { include: { debtor: true } } },
    orderBy: [{ status: 'desc' }, { priority: 'asc' }, { queuedAt: 'asc' }],
    take: limit,
  });
  return rows.map((row) => ({
    handoffId: row.id,
    conversationId: row.conversationId,
    channel: row.conversation.channel,
    reason: row.reason,
    priority: row.priority,
    status: row.status,
    agentId: row.agentId,
    agentName: row.agent?.name ?? null,
    queuedAt: row.queuedAt,
    debtorId: row.conversation.debtorId,
    debtorName: row.conversation.debtor?.fullName ?? null,
    locale: row.conversation.locale,
  }));
}

/** Reads the conversation's most recently queued open handoff, with its agent's name; null when none is open. */
export async function findOpenHandoff(db: LedgerDb, conversationId: string): Promise<HandoffHoldRow | null> {
  const row = await db.handoff.findFirst({
    where: { conversationId, status: { in: openStatuses } },
    orderBy: { queuedAt: 'desc' },
    include: { agent: true },
  });
  return row && toHold(row);
}

/** Reads the conversation's assigned handoff, with its agent's name; null when nobody holds it. */
export async function findAssignedHandoff(db: LedgerDb, conversationId: string): Promise<HandoffHoldRow | null> {
  const row = await db.handoff.findFirst({ where: { conversationId, status: 'assigned' }, include: { agent: true } });
  return row && toHold(row);
}

/** Inserts a queued handoff and returns its id. */
export async function insertHandoff(
  db: LedgerDb,
  input: { readonly conversationId: string; readonly reason: string; readonly priority: number },
): Promise<string> {
  return (await db.handoff.create({ data: { conversationId: input.conversationId, reason: input.reason, priority: input.priority } })).id;
}

/** Assigns the conversation's queued handoffs to the agent; false when none was queued. */
export async function claimQueuedHandoff(
  db: LedgerDb,
  input: { readonly conversationId: string; readonly agentId: string; readonly assignedAt: Date },
): Promise<boolean> {
  const claimed = await db.handoff.updateMany({
    where: { conversationId: input.conversationId, status: 'queued' },
    data: { status: 'assigned', agentId: input.agentId, assignedAt: input.assignedAt },
  });
  return claimed.count > 0;
}

/** Ends a handoff (status `closed` with an outcome, or `returned`) only if its status is still `fromStatus`; false when it was not. */
export async function endHandoff(
  db: LedgerDb,
  input: {
    readonly handoffId: string;
    readonly fromStatus: string;
    readonly status: 'closed' | 'returned';
    readonly outcome: string | null;
    readonly endedAt: Date;
  },
): Promise<boolean> {
  const ended = await db.handoff.updateMany({
    where: { id: input.handoffId, status: input.fromStatus },
    data: { status: input.status, endedAt: input.endedAt, outcome: input.outcome },
  });
  return ended.count === 1;
}

/** Reads up to `limit` handoffs queued before `queuedBefore` whose debtor was not told about the wait yet. */
export async function listUnnoticedHandoffs(
  db: LedgerDb,
  input: { readonly queuedBefore: Date; readonly limit: number },
): Promise<WaitingHandoffRow[]> {
  const rows = await db.handoff.findMany({
    where: { status: 'queued', waitNoticeAt: null, queuedAt: { lt: input.queuedBefore } },
    include: { conversation: true },
    take: input.limit,
  });
  return rows.map((row) => ({
    handoffId: row.id,
    conversationId: row.conversationId,
    channel: row.conversation.channel,
    channelUserId: row.conversation.channelUserId,
    debtorId: row.conversation.debtorId,
    reference: row.conversation.reference,
    locale: row.conversation.locale,
  }));
}

/** Writes when the wait notice was sent, only if none was yet; false when it was. */
export async function markWaitNotice(db: LedgerDb, input: { readonly handoffId: string; readonly sentAt: Date }): Promise<boolean> {
  const updated = await db.handoff.updateMany({ where: { id: input.handoffId, waitNoticeAt: null }, data: { waitNoticeAt: input.sentAt } });
  return updated.count === 1;
}

/** Counts the queued handoffs served before the conversation's latest queued one (higher priority, or the same and queued earlier); 0 when it has none. */
export async function countQueuedAhead(db: LedgerDb, conversationId: string): Promise<number> {
  const mine = await db.handoff.findFirst({ where: { conversationId, status: 'queued' }, orderBy: { queuedAt: 'desc' } });
  if (!mine) return 0;
  return db.handoff.count({
    where: {
      status: 'queued',
      id: { not: mine.id },
      OR: [{ priority: { lt: mine.priority } }, { priority: mine.priority, queuedAt: { lt: mine.queuedAt } }],
    },
  });
}
