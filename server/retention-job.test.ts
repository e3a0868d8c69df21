import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeBotHarness, type BotHarness } from '../test/support/bot-harness.js';
import { scheduleTranscriptPurge } from './retention-job.js';

let harness: BotHarness;
beforeAll(async () => {
  harness = await makeBotHarness();
});
afterAll(async () => {
  await harness?.destroy();
});

describe('the daily transcript purge', () => {
  // Message rows carry the database's own clock, so the purge's clock is set 731 days past the real one.
  it('purges text past the retention period as soon as it starts, keeping the rows', async () => {
    const chat = harness.conversation('es-CL');
    await chat.ask('hola');
    const rows = await harness.database.prisma.message.count();
    const stop = scheduleTranscriptPurge({
      ledger: harness.ledger,
      retentionDays: 730,
      now: () => new Date(Date.now() + 731 * 86_400_000),
      logger: pino({ level: 'silent' }),
    });
    try {
      await expect.poll(async () => harness.database.prisma.message.count({ where: { text: '[purged]' } })).toBe(rows);
      expect(await harness.database.prisma.message.count()).toBe(rows);
    } finally {
      stop();
    }
  });
});
