import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { RunningApp } from '../../app.js';
import { startTestApp } from '../support/test-app.js';
import { startFakeBotApi } from '../telegram/support/fake-bot-api.js';
import { TelegramUser } from '../telegram/support/telegram-user.js';
import { openChat } from './direct-line-client.js';
import { journeyNow, journeys, type Journey } from './off-script/journeys.js';

// Issue 12's off-script journeys, each on a fresh database, played through the real Direct Line server with
// the official client and through Telegram against the local fake Bot API (inline buttons pressed where a step presses).
const token = '123456789:AAE-off-script-token-0123456789';
const folder = mkdtempSync(join(tmpdir(), 'e2e-off-script-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

/** A debtor on some channel: type, or press an offered option. */
interface Debtor {
  say(text: string, expected: RegExp): Promise<string>;
  press(option: RegExp, expected: RegExp): Promise<string>;
}

let databases = 0;
function start(environment: Record<string, string> = {}): Promise<RunningApp> {
  databases += 1;
  return startTestApp(
    { DATABASE_URL: `file:${join(folder, `journey-${databases}.db`)}`, LENDER_NAME: 'Banco Demo', ...environment },
    { now: () => journeyNow },
  );
}

async function play(journey: Journey, debtor: Debtor, app: RunningApp): Promise<void> {
  for (const [index, step] of journey.steps.entries()) {
    const reply = 'say' in step ? await debtor.say(step.say, step.expect) : await debtor.press(step.press, step.expect);
    if (step.never) expect(reply, `step ${index + 1} of "${journey.name}"`).not.toMatch(step.never);
  }
  await journey.outcome?.(app.database);
}

describe('off-script journeys through Direct Line (official client)', () => {
  it.each(journeys.map((journey) => [journey.name, journey] as const))(
    '%s',
    async (_name, journey) => {
      const app = await start();
      try {
        const chat = await openChat(app.url, { webSocket: false, locale: journey.locale });
        try {
          await play(
            journey,
            { say: (text, expected) => chat.say(text, expected), press: (option, expected) => chat.choose(option, expected) },
            app,
          );
        } finally {
          chat.end();
        }
      } finally {
        await app.close();
      }
    },
    60_000,
  );
});

describe('off-script journeys through Telegram (fake Bot API)', () => {
  it.each(journeys.map((journey) => [journey.name, journey] as const))(
    '%s',
    async (_name, journey) => {
      const api = await startFakeBotApi({ token });
      const app = await start({ TELEGRAM_BOT_TOKEN: token, TELEGRAM_API_ROOT: api.apiRoot });
      try {
        const user = new TelegramUser(api, { id: 7000 + databases, firstName: 'Deudor', languageCode: journey.locale.slice(0, 2) });
        await play(
          journey,
          {
            say: async (text, expected) => (await user.say(text, expected)).text,
            press: async (option, expected) => (await user.press(option, expected)).text,
          },
          app,
        );
      } finally {
        await app.close();
        await api.close();
      }
    },
    60_000,
  );
});
