import { TestAdapter, TurnContext } from 'botbuilder-core';
import { describe, expect, it } from 'vitest';
import { turnKey } from './debtor.js';
import type { LedgerContext } from '../ledger/index.js';
import { setTurnInfo } from './turn.js';

/** turnKey never reaches the ledger. */
const unusedLedger = {} as LedgerContext;

function contextWith(activityId: string | undefined): TurnContext {
  const context = new TurnContext(new TestAdapter(), {
    type: 'message',
    text: 'Aceptar',
    ...(activityId ? { id: activityId } : {}),
    conversation: { id: 'c-1', isGroup: false, conversationType: 'personal', name: '' },
  });
  setTurnInfo(context, {
    ledger: unusedLedger,
    conversationId: 'ledger-conv-1',
    channel: 'test',
    channelUserId: 'u-1',
    language: 'es',
    timezone: 'America/Santiago',
    offered: [],
    recognition: { intent: 'affirm', score: 1, entities: {} },
    sensitive: false,
    notUnderstood: false,
    memory: {},
  });
  return context;
}

describe('idempotency keys of a turn', () => {
  it('come from the activity id, so a redelivered activity writes once', () => {
    expect(turnKey(contextWith('act-7'), 'plan')).toBe('ledger-conv-1:act-7:plan');
    expect(turnKey(contextWith('act-7'), 'plan')).toBe(turnKey(contextWith('act-7'), 'plan'));
  });

  it('are refused for an activity without an id, instead of a random key a retry would not repeat', () => {
    expect(() => turnKey(contextWith(undefined), 'plan')).toThrow(/no id/);
  });
});
