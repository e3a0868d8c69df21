import { ActivityEventNames, ActivityTypes, TurnContext, type ConversationState, type Middleware } from 'botbuilder-core';
import type { Logger } from 'pino';
import { peekTurnInfo } from '../dialogs/turn.js';
import type { ConversationEvents } from './conversation-events.js';
import type { LedgerStorage } from './ledger-storage.js';
import {
  maskInboundText,
  openConversationWithState,
  TurnJournal,
  unansweredRedelivery,
  type ConversationView,
  type LedgerContext,
} from '../ledger/index.js';

const conversationKey = Symbol('debt-bot.conversation');
const maskedText = '[identity data]';

/** The ledger's record of this turn's conversation (set by ConversationRecorder). */
export function conversationOf(context: TurnContext): ConversationView | undefined {
  return context.turnState.get(conversationKey) as ConversationView | undefined;
}

/** Where the bot keeps its conversation state: the recorder reads it with the conversation and stores it with the transcript. */
export interface RecordedState {
  readonly conversationState: ConversationState;
  readonly storage: LedgerStorage;
}

/**
 * First middleware of the turn: records the conversation (and its reference for proactive
 * messages), drops redelivered activities by their channel id, and keeps the transcript of every
 * message in and out — identity data is masked before it is stored or published, and a message typed
 * in answer to a verification question is masked whole.
 *
 * A turn costs two statements on PostgreSQL: the conversation read with its state, storing the debtor's message in the
 * same statement (a redelivery inserts nothing and stops the turn, unless nothing was stored after it: the turn that
 * stored it died before answering, and this one answers it), then the bot's messages, the state and any masking
 * together at the end. On SQLite the read runs on its own connection and the message is a group-committed write.
 */
export class ConversationRecorder implements Middleware {
  constructor(
    private readonly ledger: LedgerContext,
    private readonly logger: Logger,
    private readonly state: RecordedState,
    private readonly events?: ConversationEvents,
  ) {}

  /** Runs the recorder around the rest of the turn. */
  async onTurn(context: TurnContext, next: () => Promise<void>): Promise<void> {
    const activity = context.activity;
    // Proactive turns (an agent's reply, a wait notice) are recorded by whoever sends them.
    if (activity.type === ActivityTypes.Event && activity.name === ActivityEventNames.ContinueConversation) return next();
    if (!activity.conversation?.id || !activity.channelId) return next();
    // The reference is for proactive messages to the conversation, so it leaves out this activity's id.
    const { activityId: _activityId, ...conversationReference } = TurnContext.getConversationReference(activity);
    const reference = JSON.stringify(conversationReference);
    const stateKey = this.state.conversationState.getStorageKey(context) ?? '';
    // Masked on write (DESIGN §11): the raw text lives only in this turn's memory, for the verification check.
    const inboundText =
      activity.type === 'message' ? maskInboundText((activity.text ?? '').replaceAll('\u0000', '').slice(0, 10_000)) : undefined;
    const { conversation, state, inbound } = await openConversationWithState(
      this.ledger,
      { channel: activity.channelId, channelConversationId: activity.conversation.id, channelUserId: activity.from?.id ?? 'unknown' },
      {
        reference,
        locale: activity.locale ?? null,
        stateKey,
        inbound: inboundText === undefined ? undefined : { text: inboundText, activityId: activity.id ?? null },
      },
    );
    context.turnState.set(conversationKey, conversation);
    let inboundMessageId: string | null = null;
    if (inbound?.duplicate) {
      // Turns of a conversation run one at a time (fleet-wide too), so a turn that stored this message has ended:
      // when nothing came after it, that turn's instance died before answering, and the redelivery is answered now.
      inboundMessageId = activity.id ? await unansweredRedelivery(this.ledger, conversation.id, activity.id) : null;
      const log = { conversationId: conversation.id, channel: activity.channelId };
      if (!inboundMessageId) {
        this.logger.info(log, 'redelivered activity dropped');
        return;
      }
      this.logger.warn(log, 'redelivered activity was never answered: answering it now');
    } else if (inbound && inboundText !== undefined) {
      inboundMessageId = inbound.messageId;
      this.events?.publish({
        type: 'message',
        conversationId: conversation.id,
        author: 'debtor',
        text: inboundText,
        at: new Date().toISOString(),
      });
    }
    const journal = new TurnJournal(this.ledger);
    context.onSendActivities(async (_context, activities, sendNext) => {
      const responses = await sendNext();
      for (const sent of activities) {
        if (sent.type === 'message' && sent.text) {
          await journal.append({ conversationId: conversation.id, direction: 'out', author: 'bot', text: sent.text });
          this.events?.publish({
            type: 'message',
            conversationId: conversation.id,
            author: 'bot',
            text: sent.text,
            at: new Date().toISOString(),
          });
        }
      }
      return responses;
    });
    this.state.storage.beginTurn(stateKey, journal, state);
    try {
      await next();
    } finally {
      this.state.storage.endTurn(stateKey, journal);
      // Masked whole even when the turn failed: the answer to a verification question is identity data.
      const info = peekTurnInfo(context);
      if (inboundMessageId && info?.notUnderstood) await journal.markNotUnderstood(inboundMessageId);
      if (inboundMessageId && info?.sensitive) {
        await journal.mask(inboundMessageId, maskedText);
        this.events?.publish({
          type: 'message',
          conversationId: conversation.id,
          author: 'debtor',
          text: maskedText,
          at: new Date().toISOString(),
        });
      }
      await journal.flush();
    }
  }
}
