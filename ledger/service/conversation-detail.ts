import { NotFoundError } from '../errors.js';
import { toMinorNumber } from '../store/numbers.js';
import type { LedgerContext } from './context.js';
import { toConversationMode, type ConversationMode } from './conversation-mode.js';
import { toAccountView, toAgreementView, type AccountView, type AgreementView } from './records.js';

/** One transcript line as agents see it: who said it (debtor, bot, which agent) and when. */
export interface TranscriptLine {
  readonly id: string;
  readonly author: 'debtor' | 'bot' | 'agent';
  readonly agentId: string | null;
  readonly agentName: string | null;
  readonly text: string;
  readonly at: Date;
}

/** What an agent sees of a conversation; debtor data only once the debtor was verified in it. */
export interface ConversationDetail {
  readonly conversationId: string;
  readonly channel: string;
  readonly mode: ConversationMode;
  readonly locale: string | null;
  /** Stored botbuilder ConversationReference (JSON), for replies on the debtor's own channel. */
  readonly reference: string | null;
  readonly transcript: readonly TranscriptLine[];
  readonly debtor: null | {
    readonly id: string;
    readonly fullName: string;
    readonly language: string;
    readonly country: string;
    readonly timezone: string;
    readonly accounts: readonly AccountView[];
    readonly agreements: readonly AgreementView[];
    readonly promises: ReadonlyArray<{ readonly id: string; readonly accountId: string; readonly amountMinor: number; readonly currency: string; readonly dueDateIso: string; readonly status: string }>;
  };
}

/** The transcript (last `limit` lines) and, for a verified debtor, accounts, agreements and promises. */
export async function conversationDetail(context: LedgerContext, conversationId: string, limit = 500): Promise<ConversationDetail> {
  const conversation = await context.prisma.conversation.findUnique({ where: { id: conversationId } });
  if (!conversation) throw new NotFoundError('conversation');
  const messages = await context.prisma.message.findMany({ where: { conversationId }, orderBy: [{ createdAt: 'desc' }, { id: 'desc' }], take: limit });
  const agentIds = [...new Set(messages.map((message) => message.agentId).filter((id): id is string => Boolean(id)))];
  const agents = new Map((await context.prisma.agent.findMany({ where: { id: { in: agentIds } } })).map((agent) => [agent.id, agent.name]));
  const transcript = messages.reverse().map((message) => ({
    id: message.id,
    author: message.author === 'agent' ? 'agent' : message.author === 'bot' ? 'bot' : 'debtor',
    agentId: message.agentId,
    agentName: message.agentId ? (agents.get(message.agentId) ?? null) : null,
    text: message.text,
    at: message.createdAt,
  })) satisfies TranscriptLine[];
  let debtor: ConversationDetail['debtor'] = null;
  if (conversation.debtorId) {
    const row = await context.prisma.debtor.findUniqueOrThrow({
      where: { id: conversation.debtorId },
      include: { accounts: { orderBy: { dueDateIso: 'asc' } }, agreements: { include: { installments: true }, orderBy: { createdAt: 'desc' } }, promises: { orderBy: { createdAt: 'desc' } } },
    });
    debtor = {
      id: row.id,
      fullName: row.fullName,
      language: row.language,
      country: row.country,
      timezone: row.timezone,
      accounts: row.accounts.map(toAccountView),
      agreements: row.agreements.map(toAgreementView),
      promises: row.promises.map((promise) => ({ id: promise.id, accountId: promise.accountId, amountMinor: toMinorNumber(promise.amountMinor), currency: promise.currency, dueDateIso: promise.dueDateIso, status: promise.status })),
    };
  }
  return { conversationId, channel: conversation.channel, mode: toConversationMode(conversation.mode), locale: conversation.locale, reference: conversation.reference, transcript, debtor };
}
