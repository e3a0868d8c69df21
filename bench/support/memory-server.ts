// The server of the memory bench, in a process of its own so that its figures are the server's alone: the whole
// app as `npm start` builds it (SQLite in a temporary folder, the demo portfolio), started by the bench with
// fork(). It sends `{ url }` once listening, answers each 'measure' with its memory after full garbage
// collections, and stops on 'stop'. WEBCHAT_ACTIVITY_CACHE_MB is taken from the environment when set.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startApp } from '../../app.js';
import { loadConfig } from '../../server/config.js';
import { makeLogger } from '../../server/logger.js';
import { memoryAfterGc } from '../../test/webchat/support/verified-conversations.js';

const folder = mkdtempSync(join(tmpdir(), 'bench-memory-'));
const cacheMb = process.env.WEBCHAT_ACTIVITY_CACHE_MB;
const config = loadConfig({
  PORT: '0',
  HOST: '127.0.0.1',
  DATABASE_URL: `file:${join(folder, 'ledger.db')}`,
  LOG_LEVEL: 'silent',
  WEBCHAT_TOKENS_PER_MINUTE: '100000',
  ...(cacheMb ? { WEBCHAT_ACTIVITY_CACHE_MB: cacheMb } : {}),
});
const app = await startApp(config, makeLogger('silent'));
process.on('message', (message) => {
  if (message === 'measure') process.send?.(memoryAfterGc());
  else if (message === 'stop')
    void app.close().then(() => {
      rmSync(folder, { recursive: true, force: true });
      process.disconnect();
    });
});
process.send?.({ url: app.url });
