import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeBotApi, type FakeBotApi } from '../telegram/support/fake-bot-api.js';
import { TelegramUser } from '../telegram/support/telegram-user.js';
import { testLogs } from '../support/log-capture.js';

// `npm start` as an operator runs it (the same entry file, in a child process) with Telegram and WhatsApp
// configured: both channels start, Telegram answers, and SIGTERM / SIGINT stop everything with exit code 0
// (Telegram's long poll and WhatsApp's reconnect timers included). WhatsApp runs the real Baileys socket;
// offline it cannot reach WhatsApp, so it keeps reconnecting with backoff until the signal.
const token = '123456789:AAE-start-and-stop-token-0123456789';
const folder = mkdtempSync(join(tmpdir(), 'e2e-start-'));
let api: FakeBotApi;

beforeAll(async () => {
  api = await startFakeBotApi({ token });
});
afterAll(async () => {
  await api.close();
  rmSync(folder, { recursive: true, force: true });
});

function startServer(name: string) {
  const child = spawn(process.execPath, ['--import', 'tsx', 'start.ts'], {
    cwd: join(import.meta.dirname, '..', '..'),
    env: {
      PATH: process.env['PATH'] ?? '',
      PORT: '0',
      HOST: '127.0.0.1',
      DATABASE_URL: `file:${join(folder, `${name}.db`)}`,
      LOG_LEVEL: 'info',
      TELEGRAM_BOT_TOKEN: token,
      TELEGRAM_API_ROOT: api.apiRoot,
      WHATSAPP_ENABLED: 'true',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, exited, output: () => output };
}

async function until(condition: () => boolean, what: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('npm start with Telegram and WhatsApp configured', () => {
  it.each(['SIGTERM', 'SIGINT'] as const)(
    'starts both channels, answers on Telegram, and stops cleanly on %s',
    async (signal) => {
      const server = startServer(signal.toLowerCase());
      try {
        await until(() => server.output().includes('Debt-resolution bot is running'), 'the start-up banner');
        expect(server.output()).toMatch(/Telegram:\s+long polling/);
        expect(server.output()).toMatch(/WhatsApp:\s+on/);
        const user = new TelegramUser(api, { id: signal === 'SIGTERM' ? 9101 : 9102, languageCode: 'es' });
        await user.say('hola', /.+/, 20_000);
        await until(() => /WhatsApp (disconnected|is waiting)/.test(server.output()), 'WhatsApp trying to connect');
        server.child.kill(signal);
        expect(await server.exited).toBe(0);
        expect(server.output()).toContain('shutting down');
        // No phone number or JID reached the logs.
        expect(server.output()).not.toMatch(/@s\.whatsapp\.net|@lid\b/);
        // The process's JSON log lines (not the banner, which shows the demo identities on purpose) join the file's
        // captured lines: the identity-data check after the file runs over them too.
        for (const line of server
          .output()
          .split('\n')
          .filter((text) => text.startsWith('{')))
          testLogs.destination.write(line);
      } finally {
        if (server.child.exitCode === null) server.child.kill('SIGKILL');
      }
    },
    120_000,
  );
});
