import { execFile, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeBotApi, type FakeBotApi } from '../telegram/support/fake-bot-api.js';
import { TelegramUser } from '../telegram/support/telegram-user.js';
import { testLogs } from '../support/log-capture.js';

// The server as an operator runs it, in a child process: built once with `npm run build`, then `node dist/start.js`
// (production) with Telegram and WhatsApp configured: both channels start, Telegram answers, and SIGTERM / SIGINT stop
// everything with exit code 0 (Telegram's long poll and WhatsApp's reconnect timers included). WhatsApp runs the real
// Baileys socket; offline it cannot reach WhatsApp, so it keeps reconnecting with backoff until the signal.
// `npm start` (the development start: build when needed, then the same dist/start.js) is checked once, with Ctrl-C.
const projectRoot = join(import.meta.dirname, '..', '..');
const token = '123456789:AAE-start-and-stop-token-0123456789';
const folder = mkdtempSync(join(tmpdir(), 'e2e-start-'));
let api: FakeBotApi;

beforeAll(async () => {
  api = await startFakeBotApi({ token });
  await promisify(execFile)('npm', ['run', 'build'], { cwd: projectRoot, env: process.env });
}, 300_000);
afterAll(async () => {
  await api.close();
  rmSync(folder, { recursive: true, force: true });
});

/** Starts `command` in the project folder, in its own process group (as a terminal runs it), with a fresh database. */
function startServer(name: string, command: string, args: readonly string[]) {
  const child = spawn(command, args, {
    cwd: projectRoot,
    detached: true,
    env: {
      PATH: process.env['PATH'] ?? '',
      ...(process.env['HOME'] ? { HOME: process.env['HOME'] } : {}),
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
  /** True while any process of the group (npm's shell and server included) is alive. */
  const groupAlive = () => {
    try {
      process.kill(-(child.pid ?? 0), 0);
      return true;
    } catch {
      return false;
    }
  };
  const killGroup = () => {
    if (groupAlive()) process.kill(-(child.pid ?? 0), 'SIGKILL');
  };
  return { child, exited, output: () => output, groupAlive, killGroup };
}

async function until(condition: () => boolean, what: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** The process's JSON log lines (not the banner, which shows the demo identities on purpose) join the file's captured lines: the identity-data check after the file runs over them too. */
function keepLogLines(output: string): void {
  for (const line of output.split('\n').filter((text) => text.startsWith('{'))) testLogs.destination.write(line);
}

describe('node dist/start.js with Telegram and WhatsApp configured', () => {
  it.each(['SIGTERM', 'SIGINT'] as const)(
    'starts both channels, answers on Telegram, and stops cleanly on %s',
    async (signal) => {
      const server = startServer(signal.toLowerCase(), process.execPath, ['dist/start.js']);
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
        keepLogLines(server.output());
      } finally {
        server.killGroup();
      }
    },
    120_000,
  );
});

describe('npm start', () => {
  it('runs the built server without building again, and stops on Ctrl-C', async () => {
    const server = startServer('npm-start', 'npm', ['start']);
    try {
      await until(() => server.output().includes('Debt-resolution bot is running'), 'the start-up banner');
      // beforeAll built dist/: an up-to-date build is not redone.
      expect(server.output()).not.toContain('Building dist/');
      const url = /Health \/ metrics:\s+(\S+)\/healthz/.exec(server.output())?.[1];
      expect((await fetch(`${url}/healthz`)).status).toBe(200);
      // Ctrl-C in a terminal signals the whole foreground process group: npm, its shell and the server.
      process.kill(-(server.child.pid ?? 0), 'SIGINT');
      await server.exited;
      await until(() => !server.groupAlive(), 'the server to exit', 30_000);
      expect(server.output()).toContain('shutting down');
      keepLogLines(server.output());
    } finally {
      server.killGroup();
    }
  }, 120_000);
});
