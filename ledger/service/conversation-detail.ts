import { NotFoundError } from '../errors.js';
import { agentNamesById } from '../store/agent-rows.js';
import { findConversation } from '../store/conversation-rows.js';
import { readDebtorOverview, type DebtorOverview } from '../store/debtor-overview-rows.js';
import { listLatestMessages } from '../store/message-rows.js';
import type { LedgerContext } from './context.js';
import { toConversationMode, type ConversationMode } from './conversation-mode.js';

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
  readonly debtor: DebtorOverview | null;
}

/** The transcript (last `limit` lines) and, for a verified debtor, accounts, agreements and promises. */
export async function conversationDetail(context: LedgerContext, conversationId: string, limit = 500): Promise<ConversationDetail> {
  const conversation = await findConversation(context.prisma, conversationId);
  if (!conversation) throw new NotFoundError('conversation');
  const messages = await listLatestMessages(context.prisma, { conversationId, limit });
  const agentIds = [...new Set(messages.map((message) => message.agentId).filter((id): id is string => Boolean(id)))];
  const agents = await agentNamesById(context.prisma, agentIds);
  const transcript = messages.reverse().map((message) => ({
    id: message.id,
    author: message.author === 'agent' ? 'agent' : message.author === 'bot' ? 'bot' : 'debtor',
    agentId: message.agentId,
    agentName: message.agentId ? (agents.get(message.agentId) ?? null) : null,
    text: message.text,
    at: message.createdAt,
  })) satisfies TranscriptLine[];
  const debtor = conversation.debtorId ? await readDebtorOverview(context.prisma, conversation.debtorId) : null;
  return {
    conversationId,
    channel: conversation.channel,
    mode: toConversationMode(conversation.mode),
    locale: conversation.locale,
    reference: conversation.reference,
    transcript,
    debtor,
  };
}
