import { ActivityTypes, type ConversationState, type StatePropertyAccessor, type TurnContext } from 'botbuilder-core';
import { DialogSet, DialogTurnStatus, type DialogContext, type DialogState } from '../dialogs/dialog-library.js';
import { dialogIds } from '../dialogs/ids.js';
import { greetingMessage, MainDialog, type RouteOptions } from '../dialogs/main-dialog.js';
import { messagesFor, type Language } from '../dialogs/messages/index.js';
import type { DialogServices } from '../dialogs/services.js';
import { setTurnInfo, type ConversationMemory } from '../dialogs/turn.js';
import { dateInTimeZone } from '../lib/calendar.js';
import { recordOptOut, type LedgerContext } from '../ledger/index.js';
import type { Recognition } from '../nlu/types.js';
import { conversationOf } from './conversation-recorder.js';
import { IdentitySeal } from './identity-seal.js';
import { chooseLanguage, languageSwitch } from './language.js';

/** Time zone used to read dates before the debtor (and so their zone) is known. */
const defaultTimeZones: Record<Language, string> = { es: 'America/Santiago', en: 'America/New_York' };
const maxTextLength = 2000;
/** A question left unanswered this long is forgotten: a "sí" a week later does not accept last week's offer. */
export const openQuestionTtlMinutes = 60;
const turnSignalKey = Symbol('debt-bot.turn-signal');
/**
 * Where botbuilder-dialogs (4.23, pinned) keeps the memory-scope configuration shared by a turn's dialog contexts. Each
 * turn builds it again (nine scope objects, the component registry filtered twice) unless it is already there; the
 * scopes keep nothing between turns (their memory lives in the turn and the conversation state), so the bot builds it
 * once and hands the same configuration to every turn.
 */
const dialogStateConfigurationKey = 'DialogStateManagerConfiguration';

/**
 * The bot's turn handler (DESIGN §10.9): handoff gate → language → NLU → dialogs; greets new members.
 * State is saved at the end of every turn. It acts on two kinds of activity, a message and members joining, so it
 * dispatches on the type itself rather than through botbuilder's ActivityHandler, whose chain of handlers for every
 * type and event cost about 25 KB of short-lived objects a turn.
 */
export class DebtBot {
  private readonly memory: StatePropertyAccessor<ConversationMemory>;
  private readonly dialogState: StatePropertyAccessor<DialogState>;
  private readonly dialogs: DialogSet;
  private readonly seal = new IdentitySeal();
  /** The dialogs' memory-scope configuration, taken from the first turn that built it (see dialogStateConfigurationKey). */
  private dialogStateConfiguration: unknown;

  constructor(
    private readonly services: DialogServices,
    private readonly conversationState: ConversationState,
  ) {
    this.memory = conversationState.createProperty<ConversationMemory>('memory');
    this.dialogState = conversationState.createProperty<DialogState>('dialogState');
    this.dialogs = new DialogSet(this.dialogState);
    this.dialogs.add(new MainDialog(services));
  }

  /**
   * Runs the turn, then saves the conversation state (identity data in progress sealed, never readable).
   * Once `signal` is aborted (the turn ran out of time) the ledger refuses this turn's writes and the state is not saved.
   */
  async run(context: TurnContext, signal?: AbortSignal): Promise<void> {
    if (signal) context.turnState.set(turnSignalKey, signal);
    const memory = await this.memory.get(context, {});
    if (memory.sealedIdentity) {
      const identity = this.seal.open(memory.sealedIdentity);
      if (identity) memory.identity = identity;
      delete memory.sealedIdentity;
    }
    await this.onActivity(context);
    if (memory.identity) {
      memory.sealedIdentity = this.seal.seal(memory.identity);
      delete memory.identity;
    }
    signal?.throwIfAborted();
    await this.conversationState.saveChanges(context, false);
  }

  /** The ledger as this turn may use it: bound to the turn's abort signal, if it has one. */
  private turnLedger(context: TurnContext): LedgerContext {
    const signal = context.turnState.get(turnSignalKey) as AbortSignal | undefined;
    return signal ? { ...this.services.ledger, signal } : this.services.ledger;
  }

  /** Forgets the conversation's state (after a failed turn, so the debtor can start again). */
  async resetConversation(context: TurnContext): Promise<void> {
    await this.conversationState.delete(context);
  }

  /** A message is answered; members joining (other than the bot) are greeted; other activities need nothing. */
  private async onActivity(context: TurnContext): Promise<void> {
    const { type, membersAdded, recipient } = context.activity;
    if (type === ActivityTypes.Message) await this.handleMessage(context);
    else if (type === ActivityTypes.ConversationUpdate && (membersAdded ?? []).some((member) => member.id !== recipient?.id))
      await this.greet(context);
  }

  private async greet(context: TurnContext): Promise<void> {
    const memory = await this.memory.get(context, {});
    const language = chooseLanguage({
      ...(memory.lastLanguage ? { last: memory.lastLanguage } : {}),
      ...(context.activity.locale ? { activityLocale: context.activity.locale } : {}),
      text: '',
    });
    rememberOfferedOptions(context, memory);
    await context.sendActivity(greetingMessage(messagesFor(language), this.services.lenderName));
  }

  private async handleMessage(context: TurnContext): Promise<void> {
    const conversation = conversationOf(context);
    const memory = await this.memory.get(context, {});
    const text = (context.activity.text ?? '').replaceAll('\u0000', '').slice(0, maxTextLength);
    const switched = languageSwitch(text);
    const language =
      switched ??
      chooseLanguage({
        ...(memory.lastLanguage ? { last: memory.lastLanguage } : {}),
        ...(context.activity.locale ? { activityLocale: context.activity.locale } : {}),
        text,
        ...(memory.verified ? { debtorLanguage: memory.verified.language } : {}),
      });
    memory.lastLanguage = language;
    if (!conversation) return;
    if (conversation.mode !== 'bot') {
      // STOP is honoured even while people hold the conversation: nothing more goes out on the bot's initiative.
      if (await this.asksToStop(text, language)) {
        await recordOptOut(
          this.turnLedger(context),
          { channel: context.activity.channelId, channelUserId: context.activity.from?.id ?? 'unknown' },
          'opt_out',
          memory.verified?.debtorId ?? null,
          this.services.now(),
        );
        await context.sendActivity(messagesFor(language).optOutConfirmed);
        return;
      }
      if (!memory.handoffAcknowledged) {
        memory.handoffAcknowledged = true;
        await context.sendActivity(messagesFor(language).handoffWaiting);
      }
      return;
    }
    memory.handoffAcknowledged = false;
    const offered = [...(memory.offered ?? [])];
    delete memory.offered;
    rememberOfferedOptions(context, memory);

    if (this.dialogStateConfiguration) context.turnState.set(dialogStateConfigurationKey, this.dialogStateConfiguration);
    const dialogContext = await this.dialogs.createContext(context);
    this.dialogStateConfiguration ??= dialogContext.state.configuration;
    const now = this.services.now();
    const idleMinutes = memory.lastMessageAt ? (now.getTime() - Date.parse(memory.lastMessageAt)) / 60_000 : 0;
    memory.lastMessageAt = now.toISOString();
    const lapsed = memory.verified !== undefined && idleMinutes > this.services.verificationTtl.sessionMinutes;
    if (lapsed) {
      delete memory.verified;
      memory.verificationLapsed = true;
    }
    if (dialogContext.activeDialog && (lapsed || idleMinutes > openQuestionTtlMinutes)) {
      await dialogContext.cancelAllDialogs();
      delete memory.prompt;
      offered.length = 0;
    }
    const timezone = memory.verified?.timezone ?? defaultTimeZones[language];
    const locale = memory.verified ? `${language}-${memory.verified.country}` : language;
    const recognition: Recognition =
      text.trim() && !switched
        ? await this.services.recognizer.recognize(text, {
            locale,
            today: dateInTimeZone(now, timezone),
            timezone,
            ...(memory.prompt?.key === 'alreadyPaid.date' ? { dateDirection: 'past' as const } : {}),
          })
        : { intent: 'none', score: 1, entities: {} };
    setTurnInfo(context, {
      ledger: this.turnLedger(context),
      conversationId: conversation.id,
      channel: context.activity.channelId,
      channelUserId: context.activity.from?.id ?? 'unknown',
      language,
      timezone,
      offered,
      recognition,
      sensitive: false,
      notUnderstood: false,
      memory,
      ...(conversation.debtorId && conversation.debtorAccounts
        ? { accountsAtStart: { debtorId: conversation.debtorId, accounts: conversation.debtorAccounts } }
        : {}),
    });
    if (switched) {
      await context.sendActivity(messagesFor(switched).languageSwitched);
      if (dialogContext.activeDialog) await this.restartFlow(dialogContext, memory);
      return;
    }
    const result = await dialogContext.continueDialog();
    if (result.status === DialogTurnStatus.empty) await dialogContext.beginDialog(dialogIds.main);
    if (!dialogContext.activeDialog) {
      delete memory.prompt;
    }
  }

  /** True when the message clearly asks to stop messages ("STOP", "baja", "no me escriban más"). */
  private async asksToStop(text: string, language: Language): Promise<boolean> {
    if (!text.trim()) return false;
    const timezone = defaultTimeZones[language];
    const { intent, score } = await this.services.recognizer.recognize(text, {
      locale: language,
      today: dateInTimeZone(this.services.now(), timezone),
      timezone,
    });
    return intent === 'opt_out' && score >= 0.9;
  }

  /** Starts the flow in progress again (after a language switch, so every question is asked in the new language). */
  private async restartFlow(dialogContext: DialogContext, memory: ConversationMemory): Promise<void> {
    delete memory.prompt;
    await dialogContext.cancelAllDialogs();
    await dialogContext.beginDialog(dialogIds.main, memory.flow satisfies RouteOptions | undefined);
  }
}

/** Remembers the options of every message this turn sends, so the next message can select one by title or number. */
function rememberOfferedOptions(context: TurnContext, memory: ConversationMemory): void {
  context.onSendActivities(async (_context, activities, next) => {
    for (const activity of activities) {
      const actions = activity.type === 'message' ? activity.suggestedActions?.actions : undefined;
      if (actions && actions.length > 0) memory.offered = actions.map((action) => ({ title: String(action.title ?? action.value ?? '') }));
    }
    return next();
  });
}
