import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Request, Response } from 'express';
import express from 'express';
import pino, { type Logger } from 'pino';
import { afterAll, describe, expect, it } from 'vitest';
import { makeErrorHandler } from '../../adapters/webchat/errors.js';
import { logTurnFailure } from '../../adapters/webchat/logger.js';
import { ChannelSenders } from '../../server/channel-senders.js';
import { ConversationEvents } from '../../bot/conversation-events.js';
import { makeHttpApp } from '../../server/http-app.js';
import { makeMetrics } from '../../server/metrics.js';
import type { OutboundGate } from '../../server/outbound-gate.js';
import { notifyUnanswered, watchUnansweredQueue } from '../../server/unanswered-queue.js';
import { openConversation, requestHandoff, type LedgerContext } from '../../ledger/index.js';
import { loadOrTrain } from '../../nlu/local/model-cache.js';
import { LogCapture } from '../support/log-capture.js';
import { useTempLedger } from '../support/temp-ledger.js';

/** What a thrown error carries in each test: a RUT, a phone number and an e-mail address. */
const identity = 'rut 12.345.678-5 fono +56 9 1234 5678 correo ana@example.com';
/** A gate that lets every notice through. */
const openGate: OutboundGate = { decide: async () => ({ allowed: true }), allows: async () => true };
const raw = ['12.345.678-5', '+56 9 1234 5678', '1234 5678', 'ana@example.com'];

/** The production logger, and a bare pino one: the files that can mask on their own must do so with either. */
const loggers = [
  ['the production logger', (capture: LogCapture): Logger => capture.logger('debug')],
  ['a bare pino logger', (capture: LogCapture): Logger => pino({ level: 'debug' }, capture.destination)],
] as const;

function expectMasked(capture: LogCapture, message: string, mask = '[document]'): void {
  const lines = capture.lines.map(({ line }) => line).filter((line) => line.includes(message));
  expect(lines.length).toBeGreaterThan(0);
  for (const line of lines) {
    for (const value of raw) expect(line).not.toContain(value);
    expect(line).toContain(mask);
  }
  expect(capture.hits()).toEqual([]);
}

describe.each(loggers)('error paths logged through %s', (_kind, makeLogger) => {
  it('adapters/webchat/logger.ts: a failed web chat turn', () => {
    const capture = new LogCapture();
    logTurnFailure(makeLogger(capture), 'dl_abc', new Error(identity));
    expectMasked(capture, 'web chat turn failed');
  });

  it('adapters/webchat/errors.ts: an unexpected error in a web chat route', () => {
    const capture = new LogCapture();
    const response = { headersSent: false, status: () => response, json: () => response };
    makeErrorHandler(makeLogger(capture))(new Error(identity), {} as Request, response as unknown as Response, () => undefined);
    expectMasked(capture, 'web chat request failed');
  });

  it('bot/http-app.ts: an unexpected error in any route', async () => {
    const capture = new LogCapture();
    const router = express.Router().get('/boom', () => {
      throw new Error(identity);
    });
    const app = makeHttpApp({
      metrics: makeMetrics(() => ({})),
      logger: makeLogger(capture),
      isHealthy: async () => true,
      readiness: async () => ({ ready: true, stopping: false, database: 'ok', redis: 'not used' }),
      routers: [router],
    });
    const server = app.listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    try {
      const response = await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/boom`);
      expect(response.status).toBe(500);
      expect(await response.text()).not.toContain('12.345.678-5');
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
    expectMasked(capture, 'request failed');
  });

  it('bot/unanswered-queue.ts: a failed queue check', async () => {
    const capture = new LogCapture();
    const failing = new Proxy(
      {},
      {
        get: () => {
          throw new Error(identity);
        },
      },
    );
    const ledger = { prisma: failing, policy: {} } as unknown as LedgerContext;
    const stop = watchUnansweredQueue(
      {
        ledger,
        senders: new ChannelSenders(),
        events: new ConversationEvents(),
        logger: makeLogger(capture),
        timeoutMinutes: 10,
        businessHours: { es: '', en: '' },
        now: () => new Date(),
        gate: openGate,
      },
      5,
    );
    await expect.poll(() => capture.lines.length).toBeGreaterThan(0);
    stop();
    expectMasked(capture, 'unanswered-queue check failed');
  });
});

describe('bot/unanswered-queue.ts: a wait notice that could not be sent', () => {
  const ledger = useTempLedger('sqlite', true);

  it.each(loggers)('is logged masked through %s', async (_kind, makeLogger) => {
    const capture = new LogCapture();
    const conversation = await openConversation(
      ledger.context,
      { channel: 'webchat', channelConversationId: `c-${_kind}`, channelUserId: 'u-1' },
      '{"conversation":{"id":"x"}}',
      'es-CL',
    );
    await requestHandoff(ledger.context, conversation.id, 'human');
    const senders = new ChannelSenders();
    senders.register('webchat', async () => {
      throw new Error(identity);
    });
    const options = {
      ledger: ledger.context,
      senders,
      events: new ConversationEvents(),
      logger: makeLogger(capture),
      timeoutMinutes: 10,
      businessHours: { es: 'pronto', en: 'soon' },
      gate: openGate,
    };
    expect(await notifyUnanswered({ ...options, now: () => new Date(Date.now() + 11 * 60_000) })).toBe(0);
    expectMasked(capture, 'could not send the wait notice');
  });
});

describe('nlu/local/model-cache.ts (nlu/ cannot import the scrubber: it logs through the logger it is given)', () => {
  const folder = mkdtempSync(join(tmpdir(), 'model-cache-log-'));
  const documents = [
    { language: 'es', text: 'hola', intent: 'greet' },
    { language: 'es', text: 'cuanto debo', intent: 'balance' },
  ] as const;
  afterAll(() => rmSync(folder, { recursive: true, force: true }));

  it('logs an unreadable cache masked through the production logger', async () => {
    const cacheDir = join(folder, 'readable');
    await loadOrTrain(documents, cacheDir, new LogCapture().logger('debug'));
    const [file] = readdirSync(cacheDir);
    writeFileSync(join(cacheDir, file!), '+56 9 1234 5678 is no model');
    const capture = new LogCapture();
    await loadOrTrain(documents, cacheDir, capture.logger('debug'));
    expectMasked(capture, 'nlu model cache unreadable', '[phone]');
  });

  it('logs a cache that cannot be written masked through the production logger', async () => {
    const cacheDir = join(folder, `rut 12.345.678-5 +56 9 1234 5678 ana@example.com`);
    writeFileSync(cacheDir, 'a file where the folder should be');
    const capture = new LogCapture();
    await loadOrTrain(documents, cacheDir, capture.logger('debug'));
    expectMasked(capture, 'nlu model cache not written');
  });
});
