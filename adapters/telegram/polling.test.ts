// Long polling started and stopped at will, against the fake Bot API: what a fleet's poller needs to hand over cleanly.
import { setTimeout as sleep } from 'node:timers/promises';
import { Telegram } from 'telegraf';
import type { Update } from 'telegraf/types';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { testLogs } from '../../test/support/log-capture.js';
import { startFakeBotApi, type FakeBotApi } from '../../test/telegram/support/fake-bot-api.js';
import { LongPolling } from './polling.js';

const token = '123456789:AAE-polling-test-token-0123456789';
const user = { id: 7301, firstName: 'Ana' };

let api: FakeBotApi;
let pollers: LongPolling[];

/** A poller that records the update ids it handled. */
function poller(handled: number[], handleMs = 0): LongPolling {
  const made = new LongPolling({
    telegram: new Telegram(token, { apiRoot: api.apiRoot }),
    handle: async (update: Update) => {
      if (handleMs > 0) await sleep(handleMs);
      handled.push(update.update_id);
    },
    allowedUpdates: ['message', 'callback_query'],
    logger: testLogs.logger(),
    timeoutSeconds: 5,
  });
  pollers.push(made);
  return made;
}

beforeEach(async () => {
  api = await startFakeBotApi({ token });
  pollers = [];
});
afterEach(async () => {
  await Promise.all(pollers.map((made) => made.stop({ confirm: false })));
  await api.close();
});

describe('long polling', () => {
  it('stops at once while a getUpdates waits, and confirms what it answered so the next poller does not get it again', async () => {
    const first: number[] = [];
    const polling = poller(first);
    polling.start();
    const update = api.userSends(user, 'hola');
    await api.waitFor(() => first.includes(update.update_id));
    await api.waitFor(() => api.calls('getUpdates').some((call) => call.status === undefined));
    const stoppedAtMs = Date.now();
    await polling.stop({ confirm: true });
    expect(Date.now() - stoppedAtMs).toBeLessThan(1_000);
    expect(polling.polling).toBe(false);

    const second: number[] = [];
    poller(second).start();
    const next = api.userSends(user, 'sigo');
    await api.waitFor(() => second.includes(next.update_id));
    expect(second).toEqual([next.update_id]);
  });

  it('leaves what it answered unconfirmed when told to (a lost lock): the next poller gets it again', async () => {
    const first: number[] = [];
    const polling = poller(first, 1_000);
    polling.start();
    const update = api.userSends(user, 'hola');
    // Stopped while the update is being answered: the answer completes, the update is not confirmed.
    await api.waitFor(() => api.calls('getUpdates').some((call) => call.status === 200));
    await sleep(200);
    await polling.stop({ confirm: false });
    expect(first).toEqual([update.update_id]);

    const second: number[] = [];
    poller(second).start();
    await api.waitFor(() => second.includes(update.update_id));
  });

  it('stops after a 409 Conflict unless told to poll again, and then polls again after the wait', async () => {
    api.failNext('getUpdates', 1, { error_code: 409, description: 'Conflict: terminated by other getUpdates request' });
    const stopped = poller([]);
    stopped.start();
    await api.waitFor(() => !stopped.polling);

    api.failNext('getUpdates', 1, { error_code: 409, description: 'Conflict: terminated by other getUpdates request' });
    const handled: number[] = [];
    const retrying = poller(handled);
    retrying.start({ conflictRetryMs: 200 });
    const update = api.userSends(user, 'hola');
    await api.waitFor(() => handled.includes(update.update_id));
    expect(retrying.polling).toBe(true);
    expect(api.calls('getUpdates').filter((call) => call.status === 409)).toHaveLength(2);
  });
});
