import type { TurnContext } from 'botbuilder-core';
import type { AccountView, LedgerContext, VerifiedDebtor } from '../ledger/index.js';
import type { Entities, Intent, Recognition } from '../nlu/types.js';
import type { StoredChoice } from './choices.js';
import type { Language } from './messages/index.js';

/** What the bot pipeline learned about the current turn, shared with the dialogs. */
export interface TurnInfo {
  /** The ledger as this turn uses it: its writes are refused once the turn ran out of time. */
  readonly ledger: LedgerContext;
  /** The ledger's id of this conversation. */
  readonly conversationId: string;
  readonly channel: string;
  readonly channelUserId: string;
  /** The language to answer in this turn. */
  language: Language;
  /** The IANA time zone dates are read in: the debtor's once verified, else the language's default. */
  readonly timezone: string;
  /** The options the bot showed just before this message (a typed title or number selects one). */
  readonly offered: readonly StoredChoice[];
  /** The NLU's proposal for this turn's text. */
  readonly recognition: Recognition;
  /** Set by a dialog when this turn's text is identity data that the transcript must mask. */
  sensitive: boolean;
  /** Set when the bot did not understand this turn's text (it said so): the reports' NLU fallback rate counts it. */
  notUnderstood: boolean;
  /** The conversation's memory (saved by the bot at the end of the turn). */
  readonly memory: ConversationMemory;
  /** The linked debtor's accounts as read when the turn began, where the conversation's read brought them (see accountsAtTurnStart). */
  readonly accountsAtStart?: { readonly debtorId: string; readonly accounts: readonly AccountView[] };
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
  /** The verified debtor, once verification succeeded. */
  verified?: VerifiedDebtor;
  /** Set when the verification lapsed after a pause, so the next check says why it is asked again. */
  verificationLapsed?: boolean;
  /** True once the US debt-collector disclosure was sent. */
  disclosureGiven?: boolean;
  /** Consecutive messages the bot did not understand. */
  misses?: number;
  /** True once the "you're in the queue" acknowledgement was sent in this handoff. */
  handoffAcknowledged?: boolean;
  /** The options the bot showed last (buttons or numbered), so a typed title or number selects one of them. */
  offered?: StoredChoice[];
  /** The question a dialog is waiting on, and what it accepts as an answer rather than as an interruption. */
  prompt?: OpenPrompt;
  /** Identity data given before verification finished (kept only until the check; sealed while stored between turns). */
  identity?: PendingIdentity;
  /** `identity` as stored between turns: encrypted with a key that lives only in the server's memory. */
  sealedIdentity?: string;
  /** What the debtor asked for before verification; done as soon as they are verified. */
  pendingIntent?: Intent;
  /** The flow in progress and what started it, to start it again in the other language after "english" / "español". */
  flow?: { readonly intent: Intent; readonly words: string; readonly entities: Entities };
  /** When the debtor last wrote (ISO instant): a question left open longer than the bot waits for is forgotten. */
  lastMessageAt?: string;
  /** The language the conversation is being held in: the one chosen with "english" / "español", or the text's when it was clear. */
  lastLanguage?: Language;
}

/** A question a dialog waits on (DESIGN §4): its key, and which intents answer it instead of interrupting it. */
export interface OpenPrompt {
  readonly key: string;
  /** How many times in a row this question was asked (a step asks at most three times). */
  readonly count: number;
  /** Titles of the options the question itself offers (the dialog acts on them, even one that looks like a command). */
  readonly titles?: readonly string[];
  /** Intents that are answers to this question (never interruptions). */
  readonly answers?: readonly Intent[];
  /** True when the answer is raw data or free text: only commands interrupt it. */
  readonly raw?: boolean;
}

/** Identity data the debtor gave before the check; cleared after it. */
export interface PendingIdentity {
  documentNumber?: string;
  dateOfBirthIso?: string;
  /** True once the ledger asked for the phone's last four digits. */
  needPhone?: boolean;
  /** True when the channel user's link is young enough to re-verify by the date of birth alone. */
  linked?: boolean;
}
