import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { AppOverrides, RunningApp } from '../../app.js';
import { startTestApp } from '../support/test-app.js';
import { startFakeBotApi, type FakeBotApi } from '../telegram/support/fake-bot-api.js';
import { TelegramUser } from '../telegram/support/telegram-user.js';
import { makeFakeSockets, sayOnWhatsApp } from '../whatsapp/fake-socket.js';
import { openChat } from './direct-line-client.js';

// One dialog scenario, played by a debtor on each channel against the whole server (a fresh database each
// time), must leave the same agreement in the ledger: the dialogs do not know which channel they run on.
const token = '123456789:AAE-same-outcome-token-0123456789';
const folder = mkdtempSync(join(tmpdir(), 'e2e-channels-'));
const today = new Date('2026-11-23T15:00:00Z');

/** What a debtor does on a channel: type, or pick one of the offered options the channel's way. */
interface Debtor {
  say(text: string, expected: RegExp): Promise<string>;
  choose(option: RegExp, expected: RegExp): Promise<string>;
}

type Step = { readonly say: string; readonly expect: RegExp } | { readonly choose: RegExp; readonly expect: RegExp };

const scenario: readonly Step[] = [
  { say: 'cuanto debo', expect: /documento/ },
  { say: '12.345.678-5 14/03/1985', expect: /1\.250\.000/ },
  { say: 'quiero pagar en 6 cuotas', expect: /cuál cuenta/ },
  { choose: /0001/, expect: /Confirmas este plan/ },
  { choose: /^Aceptar/, expect: /quedó registrado/ },
];

async function play(debtor: Debtor): Promise<string[]> {
  const replies: string[] = [];
  for (const step of scenario)
    replies.push('say' in step ? await debtor.say(step.say, step.expect) : await debtor.choose(step.choose, step.expect));
  return replies;
}

function start(name: string, environment: Record<string, string>, overrides: AppOverrides = {}): Promise<RunningApp> {
  return startTestApp(
    { DATABASE_URL: `file:${join(folder, `${name}.db`)}`, LENDER_NAME: 'Banco Demo', ...environment },
    { now: () => today, ...overrides },
  );
}

/** The ledger's outcome, without ids and clock times: the agreement, its installments, the account's claim and the audit trail. */
async function outcome(app: RunningApp) {
  const account = await app.database.prisma.account.findUniqueOrThrow({
    where: { externalRef: 'CL-TC-0001' },
    include: { agreements: { include: { installments: { orderBy: { sequence: 'asc' } } } } },
  });
  const audit = await app.database.prisma.auditEvent.findMany({ where: { actorType: 'debtor' }, orderBy: { createdAt: 'asc' } });
  return {
    claimed: account.activeAgreementId === account.agreements[0]?.id,
    agreements: account.agreements.map((agreement) => ({
      kind: agreement.kind,
      status: agreement.status,
      currency: agreement.currency,
      agreedAmountMinor: agreement.agreedAmountMinor,
      discountMinor: agreement.discountMinor,
      downPaymentMinor: agreement.downPaymentMinor,
      createdByType: agreement.createdByType,
      installments: agreement.installments.map((installment) => ({
        sequence: installment.sequence,
        amountMinor: installment.amountMinor,
        dueDateIso: installment.dueDateIso,
      })),
    })),
    audit: audit.map((event) => event.action),
  };
}

const outcomes = new Map<string, Awaited<ReturnType<typeof outcome>>>();
const repliesByChannel = new Map<string, string[]>();
let api: FakeBotApi | undefined;
afterAll(async () => {
  await api?.close();
  rmSync(folder, { recursive: true, force: true });
});

describe('the same scenario on web chat, Telegram and WhatsApp', () => {
  it('web chat (official Direct Line client)', async () => {
    const app = await start('webchat', {});
    try {
      const chat = await openChat(app.url, { webSocket: true });
      try {
        repliesByChannel.set('webchat', await play(chat));
      } finally {
        chat.end();
      }
      outcomes.set('webchat', await outcome(app));
    } finally {
      await app.close();
    }
  }, 60_000);

  it('Telegram (inline buttons, fake Bot API)', async () => {
    api = await startFakeBotApi({ token });
    const app = await start('telegram', { TELEGRAM_BOT_TOKEN: token, TELEGRAM_API_ROOT: api.apiRoot });
    try {
      const user = new TelegramUser(api, { id: 8001, firstName: 'Ana', languageCode: 'es' });
      repliesByChannel.set(
        'telegram',
        await play({
          say: async (text, expected) => (await user.say(text, expected)).text,
          choose: async (option, expected) => (await user.press(option, expected)).text,
        }),
      );
      outcomes.set('telegram', await outcome(app));
    } finally {
      await app.close();
    }
  }, 60_000);

  it('WhatsApp (numbered options, Baileys socket stand-in)', async () => {
    const sockets = makeFakeSockets();
    const app = await start(
      'whatsapp',
      { WHATSAPP_ENABLED: 'true', WHATSAPP_SEND_RATE_PER_SECOND: '20' },
      { whatsappSocketFactory: sockets.factory, printWhatsAppQr: () => undefined },
    );
    try {
      const socket = sockets.latest();
      socket.open();
      const jid = '56987654321@s.whatsapp.net';
      const say = (text: string, expected: RegExp) => sayOnWhatsApp(socket, jid, text, expected);
      const choose = async (option: RegExp, expected: RegExp) => {
        const offered = [...socket.sent].reverse().find((sent) => /^\d+\. /m.test(sent.text))?.text ?? '';
        const line = offered
          .split('\n')
          .map((text) => /^(\d+)\. (.+)$/.exec(text))
          .find((match) => match && option.test(match[2] ?? ''));
        if (!line?.[1]) throw new Error(`no numbered option matching ${option} in: ${offered}`);
        return say(line[1], expected);
      };
      repliesByChannel.set('whatsapp', await play({ say, choose }));
      outcomes.set('whatsapp', await outcome(app));
    } finally {
      await app.close();
    }
  }, 60_000);

  it('leaves the same agreement in the ledger on every channel, with installments summing exactly to the total', () => {
    const webchat = outcomes.get('webchat');
    expect(webchat?.agreements).toHaveLength(1);
    const agreement = webchat?.agreements[0];
    expect(agreement?.status).toBe('active');
    expect(agreement?.installments).toHaveLength(6);
    const sum = (agreement?.installments ?? []).reduce(
      (total, installment) => total + installment.amountMinor,
      agreement?.downPaymentMinor ?? 0n,
    );
    expect(sum).toBe(1_250_000n);
    expect(outcomes.get('telegram')).toEqual(webchat);
    expect(outcomes.get('whatsapp')).toEqual(webchat);
  });

  it('tells the debtor the same things on every channel (the options, the agreement reference and each pay link aside)', () => {
    const withoutOptions = (replies: string[] | undefined) =>
      (replies ?? []).map((reply) =>
        reply
          .replace(/\n+\d+\. .*/g, '')
          .replace(/AGR-[A-Z0-9]+/g, 'AGR-…')
          .replace(/https?:\/\/[^/\s]+\/pay\/[\w-]+/g, '<pay link>')
          .replace(/P-[0-9A-Z]{8}/g, 'P-…')
          .trim(),
      );
    expect(withoutOptions(repliesByChannel.get('telegram'))).toEqual(withoutOptions(repliesByChannel.get('webchat')));
    expect(withoutOptions(repliesByChannel.get('whatsapp'))).toEqual(withoutOptions(repliesByChannel.get('webchat')));
  });
});
