import { describe, expect, it } from 'vitest';
import { ConversationStore } from './conversation-store.js';

const retention = { maxActivities: 10, packAfterIdleMs: 60_000, evictAfterIdleMs: 3_600_000, evictUnstartedAfterIdleMs: 1_800_000 };

function clockAt(startMs: number) {
  let nowMs = startMs;
  return { nowMs: () => nowMs, advance: (ms: number) => void (nowMs += ms) };
}

describe('ConversationStore', () => {
  it('creates conversations not yet started, and restores unknown ones as already started', () => {
    const store = new ConversationStore(Date.now, retention);
    expect(store.create('a').started).toBe(false);
    expect(store.restore('a').started).toBe(false);
    expect(store.get('missing')).toBeUndefined();
    expect(store.restore('b').started).toBe(true);
    expect(store.size).toBe(2);
  });

  it('packs idle logs and forgets long-idle conversations, but never one with an open stream', () => {
    const clock = clockAt(1_000_000);
    const store = new ConversationStore(clock.nowMs, retention);
    const idle = store.create('idle');
    idle.started = true;
    idle.append((id) => ({ id, text: 'hi' }));
    const streaming = store.create('streaming');
    streaming.attach({ deliver: () => undefined, replaced: () => undefined }, undefined);
    clock.advance(60_000);
    store.sweep();
    expect(idle.packed).toBe(true);
    expect(store.get('idle')?.activitiesAfter(undefined)).toContain('"text":"hi"');
    clock.advance(3_600_000);
    store.sweep();
    expect(store.get('idle')).toBeUndefined();
    expect(store.get('streaming')).toBe(streaming);
  });

  it('forgets a conversation never started once its token could have expired', () => {
    const clock = clockAt(1_000_000);
    const store = new ConversationStore(clock.nowMs, retention);
    store.create('unused');
    store.restore('used');
    clock.advance(1_800_000);
    store.sweep();
    expect(store.get('unused')).toBeUndefined();
    expect(store.get('used')).toBeDefined();
  });

  it('keeps a conversation that is used', () => {
    const clock = clockAt(1_000_000);
    const store = new ConversationStore(clock.nowMs, retention);
    store.create('busy');
    for (let hour = 0; hour < 5; hour += 1) {
      clock.advance(3_000_000);
      store.get('busy');
      store.sweep();
    }
    expect(store.get('busy')).toBeDefined();
  });
});
