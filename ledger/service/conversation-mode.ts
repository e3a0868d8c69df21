/** Handoff modes of a conversation (DESIGN §4): the bot talks only in `bot`. */
export type ConversationMode = 'bot' | 'queued' | 'agent' | 'closed';

/** What can happen to a conversation's mode. */
export type ModeEvent = 'request_handoff' | 'assign_agent' | 'hand_back' | 'close' | 'reopen';

const transitions: Readonly<Record<ConversationMode, Partial<Record<ModeEvent, ConversationMode>>>> = {
  bot: { request_handoff: 'queued', close: 'closed' },
  queued: { assign_agent: 'agent', hand_back: 'bot', close: 'closed' },
  agent: { hand_back: 'bot', close: 'closed' },
  closed: { reopen: 'bot' },
};

/** The only way between modes: the next mode, or null when the event is not allowed in `mode`. */
export function transition(mode: ConversationMode, event: ModeEvent): ConversationMode | null {
  return transitions[mode][event] ?? null;
}

/** Narrows a stored mode string. */
export function toConversationMode(stored: string): ConversationMode {
  return stored === 'queued' || stored === 'agent' || stored === 'closed' ? stored : 'bot';
}

/** Why a conversation goes to people; lower priority numbers are served first (disputes first). */
export const handoffPriorities = { dispute: 0, exception: 1, hardship: 2, human: 3, bot_failure: 4 } as const;

/** One of the handoff reasons. */
export type HandoffReason = keyof typeof handoffPriorities;
