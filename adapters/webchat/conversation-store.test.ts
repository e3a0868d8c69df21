import { describe, expect, it } from 'vitest';
import type { StreamSubscriber } from './conversation.js';
import { ConversationStore, type RetentionOptions } from './conversation-store.js';

const retention: RetentionOptions = {
  maxBytes: 1024 * 1024,
  maxActivities: 10,
  packAfterIdleMs: 60_000,
  evictAfterIdleMs: 3_600_000,
  evictUnstartedAfterIdleMs: 1_800_000,
};

function clockAt(startMs: number) {
  let nowMs = startMs;
  return { nowMs: () => nowMs, advance: (ms: number) => void (nowMs += ms) };
}

/** A stream subscriber that keeps what it was sent. */
function socket(): StreamSubscriber & { readonly messages: string[] } {
  const messages: string[] = [];
  return { messages, deliver: (message) => messages.push(message) > 0, replaced: () => undefined };
}

/** The texts of an ActivitySet JSON. */
function texts(activitySetJson: string): string[] {
  return (JSON.parse(activitySetJson) as { activities: { text?: string }[] }).activities.map((activity) => activity.text ?? '');
}

/** Appends a message of about `length` characters; returns its id. */
function say(store: ConversationStore, conversationId: string, text: string, length = text.length): string {
  return store.append(conversationId, (id) => ({ id, type: 'message', text: text.padEnd(length, '.') })).id;
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
    store.create('idle').started = true;
    say(store, 'idle', 'hi');
    const streaming = store.create('streaming');
    store.attach('streaming', socket(), undefined);
    clock.advance(60_000);
    store.sweep();
    expect(store.get('idle')?.log.isPacked).toBe(true);
    expect(texts(store.activitiesAfter('idle', undefined))).toEqual(['hi']);
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

  it('never holds more than its byte cap, however many conversations there are', () => {
    const store = new ConversationStore(Date.now, { ...retention, maxBytes: 64 * 1024 });
    for (let index = 0; index < 2000; index += 1) {
      store.create(`c${index}`);
      say(store, `c${index}`, 'a reply of some length', 300);
      expect(store.bytes).toBeLessThanOrEqual(64 * 1024);
    }
    expect(store.size).toBeLessThan(200);
    expect(store.get('c1999')).toBeDefined();
    expect(store.get('c0')).toBeUndefined();
  });

  it('evicts the least recently used conversation first', () => {
    const store = new ConversationStore(Date.now, { ...retention, maxBytes: 10 * 1024 });
    for (const id of ['a', 'b', 'c']) say(store, id, id, 2000);
    store.get('a');
    say(store, 'd', 'd', 3000);
    expect(store.get('b')).toBeUndefined();
    expect(store.get('a')).toBeDefined();
  });

  it('evicts conversations with activities their client has not received only when no other is left', () => {
    const store = new ConversationStore(Date.now, { ...retention, maxBytes: 10 * 1024 });
    say(store, 'offline', 'waiting for the client', 2000);
    const polled = store.restore('polled');
    say(store, 'polled', 'fetched', 2000);
    store.activitiesAfter('polled', undefined);
    store.activitiesAfter('polled', polled.watermark);
    for (const id of ['online-1', 'online-2', 'online-3']) {
      store.attach(id, socket(), undefined);
      say(store, id, id, 2000);
    }
    expect(store.get('polled')).toBeUndefined();
    expect(store.get('online-1')).toBeUndefined();
    expect(texts(store.activitiesAfter('offline', undefined))).toHaveLength(1);

    for (let index = 0; index < 20; index += 1) say(store, `unread-${index}`, 'x', 2000);
    expect(store.get('offline')).toBeUndefined();
    expect(store.bytes).toBeLessThanOrEqual(10 * 1024);
  });

  it('keeps only the newest activities of a conversation larger than the whole cap', () => {
    const store = new ConversationStore(Date.now, { ...retention, maxBytes: 8 * 1024 });
    for (let index = 0; index < 8; index += 1) say(store, 'big', `m${index}`, 2000);
    expect(store.bytes).toBeLessThanOrEqual(8 * 1024);
    expect(texts(store.activitiesAfter('big', undefined)).map((text) => text.slice(0, 2))).toEqual(['m5', 'm6', 'm7']);
  });

  it('numbers a conversation recreated after an eviction past every id and watermark it used before', () => {
    const clock = clockAt(1_700_000_000_000);
    const store = new ConversationStore(clock.nowMs, { ...retention, maxBytes: 8 * 1024 });
    store.create('resumed');
    const oldIds = [say(store, 'resumed', 'one', 2000), say(store, 'resumed', 'two', 2000)];
    const oldWatermark = store.get('resumed')?.watermark;
    expect(oldIds).toEqual(['resumed|0000000', 'resumed|0000001']);
    for (let index = 0; index < 5; index += 1) {
      store.create(`other-${index}`);
      say(store, `other-${index}`, 'x', 2000);
    }
    expect(store.get('resumed')).toBeUndefined();

    const resumed = store.restore('resumed');
    expect(resumed.started).toBe(true);
    expect(store.activitiesAfter('resumed', oldWatermark)).toBe('{"activities":[]}');
    const newId = say(store, 'resumed', 'three');
    expect(newId).toBe('resumed|1700000000000');
    const afterOld = JSON.parse(store.activitiesAfter('resumed', oldWatermark)) as { activities: { id: string }[]; watermark: string };
    expect(afterOld).toEqual({ activities: [expect.objectContaining({ id: newId, text: 'three' })], watermark: '1700000000000' });
    expect(store.activitiesAfter('resumed', afterOld.watermark)).toBe('{"activities":[],"watermark":"1700000000000"}');
  });

  it('keeps pushing to an open stream after the conversation was evicted', () => {
    const store = new ConversationStore(Date.now, { ...retention, maxBytes: 8 * 1024 });
    const stream = socket();
    store.attach('live', stream, undefined);
    say(store, 'live', 'before', 2000);
    for (let index = 0; index < 5; index += 1) say(store, `other-${index}`, 'x', 2000);
    expect(store.get('live')).toBeUndefined();
    say(store, 'live', 'after');
    expect(stream.messages.flatMap(texts).map((text) => text.slice(0, 6))).toEqual(['before', 'after']);
  });
});
