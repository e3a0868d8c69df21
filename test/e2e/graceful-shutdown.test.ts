// Shutting a server down (SIGTERM in production) as a load balancer and a debtor in mid-turn meet it: /readyz says 503
// "stopping" at once, the open stream is closed with 1001 (Web Chat reconnects, to another instance in a fleet), and a
// message whose turn is running still gets its answer and its reply is recorded before the database closes.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, describe, expect, it } from 'vitest';
import { openLedgerDatabase } from '../../ledger/index.js';
import type { Recognizer } from '../../nlu/index.js';
import { localRecognizer } from '../support/bot-harness.js';
import { startTestApp } from '../support/test-app.js';
import { openStream, say, startConversation } from '../webchat/support/http.js';

const folder = mkdtempSync(join(tmpdir(), 'graceful-shutdown-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

/** The trained recognizer, taking 1.5 s over any message that says "despacio". */
async function slowRecognizer(): Promise<Recognizer> {
  const trained = await localRecognizer();
  return {
    async recognize(text, options) {
      if (text.includes('despacio')) await sleep(1_500);
      return trained.recognize(text, options);
    },
  };
}

describe('graceful shutdown', () => {
  it('stops being ready first, closes streams with 1001, and lets a turn in flight answer and be recorded', async () => {
    const databaseUrl = `file:${join(folder, 'ledger.db')}`;
    const app = await startTestApp(
      { DATABASE_URL: databaseUrl, DEMO_DATA: 'true', SHUTDOWN_DRAIN_SECONDS: '1' },
      { recognizer: await slowRecognizer() },
    );
    const conversation = await startConversation(app.url);
    const stream = await openStream(conversation.streamUrl);
    await stream.waitForActivities(1);
    const inFlight = say(app.url, conversation, 'hola, despacio por favor');
    await sleep(200);
    const closing = app.close();
    const readiness = await fetch(`${app.url}/readyz`);
    expect(readiness.status).toBe(503);
    expect(await readiness.json()).toMatchObject({ status: 'stopping' });
    expect(await inFlight).toMatch(/\|\d{7}$/);
    expect(await stream.closed).toMatchObject({ code: 1001 });
    await closing;
    await expect(fetch(`${app.url}/healthz`)).rejects.toThrow();

    const database = await openLedgerDatabase(databaseUrl);
    try {
      const messages = await database.prisma.message.findMany({ orderBy: { createdAt: 'asc' } });
      const asked = messages.findIndex((message) => message.text === 'hola, despacio por favor');
      expect(asked).toBeGreaterThanOrEqual(0);
      expect(messages.slice(asked + 1).some((message) => message.author === 'bot')).toBe(true);
    } finally {
      await database.close();
    }
  });
});
