import {
  ActivityEventNames,
  ActivityTypes,
  BotAdapter,
  TurnContext,
  type Activity,
  type ChannelAccount,
  type ConversationReference,
} from 'botbuilder-core';
import { KeyedQueue } from '../../bot/keyed-queue.js';

/** The bot's account on channels that give it none of its own (web chat, WhatsApp). */
export const botAccount: ChannelAccount = { id: 'debt-bot', name: 'Bot', role: 'bot' };

/** The bot's turn logic, as every adapter runs it. */
export type TurnLogic = (context: TurnContext) => Promise<void>;

/** Runs a conversation's turns one at a time across every instance of the fleet (DESIGN §15). */
export interface TurnLock {
  /** Runs `turn` while holding the lock named `key`, after whoever holds it now. */
  run<T>(key: string, turn: () => Promise<T>): Promise<T>;
}
type BotIdentity = Parameters<BotAdapter['continueConversationAsync']>[0];

/**
 * What every channel's BotAdapter shares (DESIGN §2): incoming activities run through the middleware and the
 * bot's logic one conversation at a time, in arrival order (and, given a fleet lock, one at a time across instances); proactive turns (an agent's reply) run from a
 * stored conversation reference; delivered messages cannot be edited or deleted. Subclasses translate
 * activities to their channel in `sendActivities`.
 */
export abstract class ChannelAdapter extends BotAdapter {
  private readonly turns = new KeyedQueue();
  private fleetLock: TurnLock | undefined;

  protected constructor(
    /** The channel's name, used in error messages ("web chat", "Telegram", …). */
    protected readonly channelName: string,
    protected readonly logic: TurnLogic,
  ) {
    super();
  }

  /**
   * Runs one incoming activity through the middleware and the bot's logic, after the turns already queued
   * for its conversation. Rejects if the turn failed and no `onTurnError` handled it.
   */
  processActivity(activity: Partial<Activity>): Promise<void> {
    const conversationId = activity.conversation?.id ?? '';
    const turn = () => this.runMiddleware(new TurnContext(this, activity), this.logic);
    const fleetLock = this.fleetLock;
    return this.turns.run(conversationId, fleetLock ? () => fleetLock.run(`${activity.channelId}:${conversationId}`, turn) : turn);
  }

  /** Also runs each conversation's turns one at a time across the fleet, under `lock`. */
  serializeTurnsWith(lock: TurnLock): void {
    this.fleetLock = lock;
  }

  /** Not supported: the channel's clients cannot edit a delivered activity. */
  override updateActivity(): Promise<void> {
    return Promise.reject(new Error(`${this.channelName}: updateActivity is not supported`));
  }

  /** Not supported: the channel's clients cannot delete a delivered activity. */
  override deleteActivity(): Promise<void> {
    return Promise.reject(new Error(`${this.channelName}: deleteActivity is not supported`));
  }

  /**
   * Runs a proactive turn in a stored conversation (e.g. an agent's reply from the console): `logic` gets a
   * context whose activity is a `continueConversation` event built from `reference`. Rejects if the turn failed
   * and no `onTurnError` handled it.
   */
  override async continueConversation(reference: Partial<ConversationReference>, logic: TurnLogic): Promise<void> {
    const event = TurnContext.applyConversationReference(
      { type: ActivityTypes.Event, name: ActivityEventNames.ContinueConversation },
      reference,
      true,
    );
    await this.runMiddleware(new TurnContext(this, event), logic);
  }

  /** Same as `continueConversation`; the bot identity and audience do not matter on these channels. */
  override async continueConversationAsync(
    _botAppIdOrIdentity: string | BotIdentity,
    reference: Partial<ConversationReference>,
    logicOrAudience: TurnLogic | string,
    maybeLogic?: TurnLogic,
  ): Promise<void> {
    const logic = typeof logicOrAudience === 'function' ? logicOrAudience : maybeLogic;
    if (!logic) throw new TypeError(`${this.channelName}: continueConversationAsync needs the logic to run`);
    await this.continueConversation(reference, logic);
  }
}
