// The server's memory does not grow with the number of web chat conversations (issue 15): once the bounded
// activity cache (WEBCHAT_ACTIVITY_CACHE_MB, 1 MB here) is full, a finished conversation leaves nothing behind in
// the heap. Without the bound, each of these conversations keeps about 7 KB of activity log.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningApp } from '../../app.js';
import { demoIdentities } from '../../server/demo-data.js';
import { startTestApp } from '../support/test-app.js';
import { memoryAfterGc, runConversations, type ScriptedTurn } from './support/verified-conversations.js';

/** Conversations that fill the cache and warm the server up before the first measure. */
const warmUpConversations = 300;
/** Conversations between the two measures. */
const measuredConversations = 800;
/** Largest heap growth accepted over the measured conversations: 5 KB each, what compiled code and other caches may still add. */
const maxGrowthBytes = 4 * 1024 * 1024;

const [chile] = demoIdentities;
/** A short verified conversation: greeting, identity in one message, balance. */
const script: readonly ScriptedTurn[] = [
  { text: 'hola', reply: /asistente virtual/ },
  { text: `${chile.document} ${chile.dateOfBirth}`, reply: /confirmé tu identidad/ },
  { text: 'cuanto debo', reply: /1\.250\.000/ },
];

const folder = mkdtempSync(join(tmpdir(), 'memory-bound-'));
let app: RunningApp;

beforeAll(async () => {
  // Logged lines are kept in memory by the test logger, so only warnings are logged here.
  app = await startTestApp({
    DATABASE_URL: `file:${join(folder, 'ledger.db')}`,
    LOG_LEVEL: 'warn',
    WEBCHAT_TOKENS_PER_MINUTE: '100000',
    WEBCHAT_ACTIVITY_CACHE_MB: '1',
  });
}, 60_000);
afterAll(async () => {
  await app?.close();
  rmSync(folder, { recursive: true, force: true });
});

describe('the server memory per web chat conversation', () => {
  it('stops growing once the activity cache is full: 800 more verified conversations add less than 4 MB of heap', async () => {
    await runConversations(app.url, { count: warmUpConversations, concurrency: 20, script });
    const before = memoryAfterGc();
    await runConversations(app.url, { count: measuredConversations, concurrency: 20, script });
    const after = memoryAfterGc();
    expect(after.heapUsedBytes - before.heapUsedBytes).toBeLessThan(maxGrowthBytes);
  }, 120_000);
});
