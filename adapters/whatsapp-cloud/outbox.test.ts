import { describe, expect, it } from 'vitest';
import { testLogs } from '../../test/support/log-capture.js';
import { errorFromAnswer, type WhatsAppCloudError } from './errors.js';
import { CloudOutbox, type CloudRetryOptions } from './outbox.js';
import { textMessage, type CloudMessage } from './outgoing.js';

/** Meta's error answer for `code` with its usual HTTP status. */
function refusal(code: number): WhatsAppCloudError {
  const status = code === 4 ? 429 : code === 131000 ? 500 : 400;
  return errorFromAnswer(status, { error: { message: `(#${code})`, type: 'OAuthException', code } }, null);
}

/** A fake clock and timer: every wait is recorded and, unless held, passes at once, moving the clock. */
function fakeTime() {
  let nowMs = 1_000_000;
  const waits: number[] = [];
  const held: Array<{ readonly ms: number; readonly release: () => void }> = [];
  let holding = false;
  return {
    waits,
    held,
    now: () => nowMs,
    hold(on: boolean) {
      holding = on;
    },
    wait: (ms: number, signal: AbortSignal) => {
      waits.push(ms);
      if (!holding) {
        nowMs += ms;
        return Promise.resolve();
      }
      return new Promise<void>((resolve) => {
        const release = () => {
          nowMs += ms;
          resolve();
        };
        signal.addEventListener('abort', () => resolve(), { once: true });
        held.push({ ms, release });
      });
    },
  };
}

const noJitter: CloudRetryOptions = {
  maxAttempts: 5,
  maxElapsedMs: 60_000,
  backoff: { initialMs: 1_000, maxMs: 30_000, jitterShare: 0.5 },
  random: () => 0,
};

/** A stub Graph API: each call is logged; `script` says which calls fail with which code (by recipient, in order). */
function stubSend(clock: { now: () => number }, script: Record<string, Array<number | 'network'>> = {}) {
  const calls: Array<{ readonly to: string; readonly body: string; readonly atMs: number; readonly ok: boolean }> = [];
  let sequence = 0;
  const send = async (to: string, message: CloudMessage): Promise<string> => {
    const body = message.type === 'text' ? message.text.body : message.type;
    const failure = script[to]?.shift();
    calls.push({ to, body, atMs: clock.now(), ok: failure === undefined });
    if (failure === 'network') throw new TypeError('fetch failed');
    if (failure !== undefined) throw refusal(failure);
    sequence += 1;
    return `wamid.${sequence}`;
  };
  return { calls, send };
}

function outbox(time: ReturnType<typeof fakeTime>, send: (to: string, message: CloudMessage) => Promise<string>, retry = noJitter) {
  return new CloudOutbox({ send, logger: testLogs.logger(), retry, now: time.now, wait: time.wait });
}

const ana = '56911110001';
const bob = '56911110002';

describe('CloudOutbox', () => {
  it("sends a chat's messages in order and resolves with their ids", async () => {
    const time = fakeTime();
    const stub = stubSend(time);
    const line = outbox(time, stub.send);
    const first = line.send(ana, [textMessage('1'), textMessage('2')]);
    const second = line.send(ana, [textMessage('3')]);
    expect(await first).toEqual(['wamid.1', 'wamid.2']);
    expect(await second).toEqual(['wamid.3']);
    expect(stub.calls.map((call) => call.body)).toEqual(['1', '2', '3']);
  });

  it("retries Meta's server errors and lost requests with growing waits, and the message goes out once, in order", async () => {
    const time = fakeTime();
    const stub = stubSend(time, { [ana]: [131000, 'network'] });
    const line = outbox(time, stub.send);
    const first = line.send(ana, [textMessage('first')]);
    const second = line.send(ana, [textMessage('second')]);
    await Promise.all([first, second]);
    expect(stub.calls.map((call) => [call.body, call.ok])).toEqual([
      ['first', false],
      ['first', false],
      ['first', true],
      ['second', true],
    ]);
    expect(time.waits).toEqual([1_000, 2_000]);
  });

  it('backs off with jitter: each wait is the exponential delay less up to half of it', async () => {
    const time = fakeTime();
    const stub = stubSend(time, { [ana]: [131016, 131016, 131016] });
    const line = outbox(time, stub.send, { ...noJitter, random: () => 1 });
    await line.send(ana, [textMessage('x')]);
    expect(time.waits).toEqual([500, 1_000, 2_000]);
  });

  it('on a throughput error (130429) holds every chat for the backoff, not only the one refused', async () => {
    const time = fakeTime();
    const stub = stubSend(time, { [ana]: [130429] });
    const line = outbox(time, stub.send);
    const toAna = line.send(ana, [textMessage('for ana')]);
    await Promise.resolve();
    const toBob = line.send(bob, [textMessage('for bob')]);
    await Promise.all([toAna, toBob]);
    const refusedAt = stub.calls[0]?.atMs ?? 0;
    expect(stub.calls[0]).toMatchObject({ to: ana, ok: false });
    const bobCall = stub.calls.find((call) => call.to === bob);
    expect(bobCall?.atMs).toBeGreaterThanOrEqual(refusedAt + 1_000);
    expect(stub.calls.filter((call) => call.ok).map((call) => call.body)).toEqual(expect.arrayContaining(['for ana', 'for bob']));
  });

  it('treats HTTP 429 (code 4, the app limit) as throughput too', async () => {
    const time = fakeTime();
    const stub = stubSend(time, { [ana]: [4, 4] });
    const line = outbox(time, stub.send);
    expect(await line.send(ana, [textMessage('x')])).toEqual(['wamid.1']);
    expect(time.waits).toEqual([1_000, 2_000]);
  });

  it("on the pair rate limit (131056) waits for that user only: another user's message goes out meanwhile", async () => {
    const time = fakeTime();
    time.hold(true);
    const stub = stubSend(time, { [ana]: [131056] });
    const line = outbox(time, stub.send);
    const toAna = line.send(ana, [textMessage('for ana')]);
    await new Promise((resolve) => setImmediate(resolve));
    expect(time.held).toHaveLength(1);
    expect(await line.send(bob, [textMessage('for bob')])).toEqual(['wamid.1']);
    time.held[0]?.release();
    expect(await toAna).toEqual(['wamid.2']);
    expect(stub.calls.map((call) => `${call.body}:${call.ok}`)).toEqual(['for ana:false', 'for bob:true', 'for ana:true']);
  });

  it.each([
    [131047, 're_engagement'],
    [131026, 'undeliverable'],
    [190, 'auth'],
    [131009, 'other'],
  ] as const)('rejects at once on %i (%s), without a retry, and the chat line moves on', async (code, kind) => {
    const time = fakeTime();
    const stub = stubSend(time, { [ana]: [code] });
    const line = outbox(time, stub.send);
    const refused = line.send(ana, [textMessage('one'), textMessage('two')]);
    const next = line.send(ana, [textMessage('three')]);
    await expect(refused).rejects.toMatchObject({ name: 'WhatsAppCloudError', code, kind });
    expect(await next).toEqual(['wamid.1']);
    expect(stub.calls.map((call) => call.body)).toEqual(['one', 'three']);
    expect(time.waits).toEqual([]);
  });

  it('gives a message up after the attempts allowed, with the last error', async () => {
    const time = fakeTime();
    const stub = stubSend(time, { [ana]: [131000, 131000, 131000, 131000, 131000, 131000] });
    const line = outbox(time, stub.send);
    await expect(line.send(ana, [textMessage('x')])).rejects.toMatchObject({ code: 131000 });
    expect(stub.calls).toHaveLength(5);
    expect(time.waits).toEqual([1_000, 2_000, 4_000, 8_000]);
  });

  it('gives a message up rather than retry past the time allowed', async () => {
    const time = fakeTime();
    const stub = stubSend(time, { [ana]: [130429, 130429, 130429] });
    const line = outbox(time, stub.send, { ...noJitter, maxElapsedMs: 2_500 });
    await expect(line.send(ana, [textMessage('x')])).rejects.toMatchObject({ kind: 'throughput' });
    expect(stub.calls).toHaveLength(2);
  });

  it('waits at least what a Retry-After header asks', async () => {
    const time = fakeTime();
    let first = true;
    const line = outbox(time, async () => {
      if (first) {
        first = false;
        throw errorFromAnswer(429, { error: { code: 4, message: 'limit' } }, '7');
      }
      return 'wamid.ok';
    });
    expect(await line.send(ana, [textMessage('x')])).toEqual(['wamid.ok']);
    expect(time.waits).toEqual([7_000]);
  });

  it('on stop cuts the waits short and rejects what was waiting, and refuses new messages', async () => {
    const time = fakeTime();
    time.hold(true);
    const stub = stubSend(time, { [ana]: [131056] });
    const line = outbox(time, stub.send);
    const waiting = line.send(ana, [textMessage('x')]);
    await new Promise((resolve) => setImmediate(resolve));
    line.stop();
    await expect(waiting).rejects.toThrow(/stopped/);
    await expect(line.send(bob, [textMessage('y')])).rejects.toThrow(/stopped/);
    expect(line.size).toBe(0);
  });
});
