import { describe, expect, it } from 'vitest';
import { ConversationLog } from './conversation-log.js';

function fill(log: ConversationLog, count: number): void {
  for (let index = 0; index < count; index += 1) log.append((id) => ({ id, text: `m${index}` }));
}

function texts(json: readonly string[]): string[] {
  return json.map((entry) => (JSON.parse(entry) as { text: string }).text);
}

describe('ConversationLog', () => {
  it('numbers activities <conversationId>|<7 digits> and answers the watermark to send next time', () => {
    const log = new ConversationLog('abc', 500);
    expect(log.watermark).toBeUndefined();
    expect(log.after(undefined)).toEqual({ activitiesJson: [], watermark: undefined });
    const first = log.append((id) => ({ id, text: 'hello' }));
    expect(first.activity.id).toBe('abc|0000000');
    expect(first.watermark).toBe('0');
    fill(log, 2);
    expect(log.watermark).toBe('2');
    expect(texts(log.after(undefined).activitiesJson)).toEqual(['hello', 'm0', 'm1']);
    expect(texts(log.after('0').activitiesJson)).toEqual(['m0', 'm1']);
    expect(log.after('2')).toEqual({ activitiesJson: [], watermark: '2' });
  });

  it('replays everything for a missing, malformed or future watermark (the log was recreated)', () => {
    const log = new ConversationLog('abc', 500);
    fill(log, 3);
    for (const watermark of [undefined, '', '-', 'x1', '-5', '1.5', '99'])
      expect(texts(log.after(watermark).activitiesJson)).toEqual(['m0', 'm1', 'm2']);
  });

  it('keeps only the newest maxActivities, and a stale watermark gets what is left', () => {
    const log = new ConversationLog('abc', 3);
    fill(log, 5);
    expect(texts(log.after(undefined).activitiesJson)).toEqual(['m2', 'm3', 'm4']);
    expect(texts(log.after('0').activitiesJson)).toEqual(['m2', 'm3', 'm4']);
    expect(texts(log.after('3').activitiesJson)).toEqual(['m4']);
    expect(log.append((id) => ({ id })).activity.id).toBe('abc|0000005');
  });

  it('packs an idle log and unpacks it unchanged on the next read or append', () => {
    const log = new ConversationLog('abc', 500);
    log.append((id) => ({ id, text: 'line one\nline two "quoted" ñandú 😀' }));
    fill(log, 2);
    const before = log.after(undefined);
    log.pack();
    expect(log.isPacked).toBe(true);
    expect(log.after(undefined)).toEqual(before);
    expect(log.isPacked).toBe(false);
    log.pack();
    expect(log.append((id) => ({ id })).activity.id).toBe('abc|0000003');
    expect(log.after(undefined).activitiesJson).toHaveLength(4);
  });

  it('numbers from firstSeq when recreated, so ids and watermarks never repeat earlier ones', () => {
    const log = new ConversationLog('abc', 500, 1_700_000_000_000);
    expect(log.watermark).toBeUndefined();
    expect(log.after('12')).toEqual({ activitiesJson: [], watermark: undefined });
    expect(log.append((id) => ({ id, text: 'first' })).activity.id).toBe('abc|1700000000000');
    fill(log, 1);
    expect(log.endSeq).toBe(1_700_000_000_002);
    expect(texts(log.after('12').activitiesJson)).toEqual(['first', 'm0']);
    expect(log.after('1700000000001')).toEqual({ activitiesJson: [], watermark: '1700000000001' });
  });

  it('counts what it holds in bytes (UTF-8 JSON plus a fixed overhead), less once packed, and drops its oldest on request', () => {
    const log = new ConversationLog('abc', 500);
    expect(log.bytes).toBe(0);
    log.append((id) => ({ id, text: 'ñ' }));
    const one = log.bytes;
    expect(one).toBe(Buffer.byteLength('{"id":"abc|0000000","text":"ñ"}') + 32);
    fill(log, 40);
    const full = log.bytes;
    log.pack();
    expect(log.bytes).toBeLessThan(full / 3);
    expect(log.dropOldest()).toBe(true);
    expect(log.bytes).toBe(full - one);
    expect(texts(log.after(undefined).activitiesJson)).toHaveLength(40);
    const single = new ConversationLog('abc', 500);
    single.append((id) => ({ id }));
    expect(single.dropOldest()).toBe(false);
  });
});
