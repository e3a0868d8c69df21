import type { TurnContext } from 'botbuilder';
import type { VerifiedDebtor } from '../ledger/index.js';
import type { Recognition } from '../nlu/types.js';
import type { Language } from './messages/index.js';

/** What the bot pipeline learned about the current turn, shared with the dialogs. */
export interface TurnInfo {
  /** The ledger's id of this conversation. */
  readonly conversationId: string;
  readonly channel: string;
  readonly channelUserId: string;
  /** The language to answer in this turn. */
  language: Language;
  /** The NLU's proposal for this turn's text. */
  readonly recognition: Recognition;
  /** Set by a dialog when this turn's text is identity data that the transcript must mask. */
  sensitive: boolean;
  /** The conversation's memory (saved by the bot at the end of the turn). */
  readonly memory: ConversationMemory;
}

const turnInfoKey = Symbol('debt-bot.turn-info');

/** Attaches the turn's info to the context (done by the bot before the dialogs run). */
export function setTurnInfo(context: TurnContext, info: TurnInfo): void {
  context.turnState.set(turnInfoKey, info);
}

/** The turn's info; throws if the bot pipeline did not set it. */
export function turnInfo(context: TurnContext): TurnInfo {
  const info = context.turnState.get(turnInfoKey) as TurnInfo | undefined;
  if (!info) throw new Error('turn info missing: the bot pipeline must call setTurnInfo');
  return info;
}

/** The turn's info, or undefined when the bot pipeline stopped before the dialogs (e.g. during a handoff). */
export function peekTurnInfo(context: TurnContext): TurnInfo | undefined {
  return context.turnState.get(turnInfoKey) as TurnInfo | undefined;
}

/** What the conversation remembers between turns (stored with botbuilder ConversationState). */
export interface ConversationMemory {
  /** Language chosen explicitly with "english" / "español". */
  chosenLanguage?: Language;
  /** The verified debtor, once verification succeeded. */
  verified?: VerifiedDebtor;
  /** True once the US debt-collector disclosure was sent. */
  disclosureGiven?: boolean;
  /** Consecutive messages the bot did not understand. */
  misses?: number;
  /** True once the "you're in the queue" acknowledgement was sent in this handoff. */
  handoffAcknowledged?: boolean;
  /** True while a dialog waits for raw input (identity data, free text) that must not be read as a new request. */
  awaitingRawInput?: boolean;
}
