import pino from 'pino';
import { beforeAll, describe, expect, it } from 'vitest';
import { ChannelSenders } from '../../server/channel-senders.js';
import { ConversationEvents } from '../../bot/conversation-events.js';
import { makeMetrics } from '../../server/metrics.js';
import { makeOutboundGate } from '../../server/outbound-gate.js';
import { notifyUnanswered } from '../../server/unanswered-queue.js';
import type { Recognizer } from '../../nlu/types.js';
import { makeBotHarness, testNow, useClockedHarness, type BotHarness } from '../support/bot-harness.js';

// DESIGN §11 as specs: wrong person, verification lifetime, mask on write, the outbound gate.
const clocked = useClockedHarness();
const at = clocked.at.bind(clocked);
let harness: BotHarness;
beforeAll(() => {
  harness = clocked.harness();
});

const maria = '12.345.678-5 14/03/1985';
const balance = /1\.250\.000/;
const minutes = (count: number) => new Date(testNow.getTime() + count * 60_000);
const days = (count: number) => minutes(count * 24 * 60);

describe('wrong person', () => {
  it('ends verification and revokes the link: nothing about the debtor in this conversation or a new one', async () => {
    const chat = harness.conversation('es-CL');
    expect(await chat.ask(maria)).toMatch(balance);
    expect(await chat.ask('no soy esa persona, número equivocado')).toMatch(/no corresponde/);
    const next = await chat.ask('cuánto debo');
    expect(next).toMatch(/número de documento/);
    expect(next).not.toMatch(balance);

    const again = harness.conversation('es-CL', chat.userId);
    const reply = await again.ask('cuánto debo');
    expect(reply).toMatch(/número de documento/);
    expect(reply).not.toMatch(/fecha de nacimiento|María/);

    const identity = await harness.database.prisma.channelIdentity.findFirstOrThrow({ where: { channelUserId: chat.userId } });
    expect([identity.debtorId, identity.verifiedAt]).toEqual([null, null]);
    const preference = await harness.database.prisma.contactPreference.findFirstOrThrow({ where: { channelUserId: chat.userId } });
    expect(preference.reason).toBe('wrong_person');
    expect(await harness.database.prisma.conversation.count({ where: { channelUserId: chat.userId, debtorId: { not: null } } })).toBe(0);
    const actions = (await harness.database.prisma.auditEvent.findMany({ where: { actorId: `test:${chat.userId}` } })).map(
      (event) => event.action,
    );
    expect(actions).toEqual(expect.arrayContaining(['identity.revoked', 'contact.wrong_person']));
  });

  it('a fresh full verification afterwards shows the balance again and lifts the mark', async () => {
    const chat = harness.conversation('es-CL');
    await chat.ask(maria);
    await chat.ask('número equivocado');
    expect(await chat.ask(maria)).toMatch(balance);
    const preference = await harness.database.prisma.contactPreference.findFirstOrThrow({ where: { channelUserId: chat.userId } });
    expect(preference.optedOutAt).toBeNull();
  });
});

describe('verification has a lifetime', () => {
  it('lapses after 30 minutes without activity; a young link re-verifies with the date of birth alone', async () => {
    const chat = harness.conversation('es-CL');
    await chat.ask(maria);
    expect(await at(minutes(29), () => chat.ask('cuánto debo'))).toMatch(balance);
    const lapsed = await at(minutes(29 + 31), () => chat.ask('cuánto debo'));
    expect(lapsed).toMatch(/sesión se cerró/);
    expect(lapsed).toMatch(/confirma tu fecha de nacimiento/);
    expect(lapsed).not.toMatch(balance);
    expect(await at(minutes(61), () => chat.ask('14/03/1985'))).toMatch(balance);
  });

  it('a new conversation of a linked user asks the date of birth alone, and wrong dates count toward the lockout', async () => {
    const first = harness.conversation('es-CL');
    await first.ask(maria);
    const later = harness.conversation('es-CL', first.userId);
    expect(await at(days(3), () => later.ask('cuánto debo'))).toMatch(/confirma tu fecha de nacimiento/);
    expect(await at(days(3), () => later.ask('01/01/1990'))).toMatch(/quedan 2 intentos/);
    expect(await at(days(3), () => later.ask('12.345.678-5 14/03/1985'))).toMatch(balance);
  });

  it('after LINK_TTL_DAYS the full check is asked again', async () => {
    const first = harness.conversation('es-CL');
    await first.ask(maria);
    const later = harness.conversation('es-CL', first.userId);
    const reply = await at(days(91), () => later.ask('cuánto debo'));
    expect(reply).toMatch(/número de documento/);
    expect(await at(days(91), () => later.ask('14/03/1985'))).toMatch(/número de documento/);
    expect(await at(days(91), () => later.ask('12.345.678-5'))).toMatch(balance);
  });
});

describe('mask on write', () => {
  async function storedInbound(conversationId: string): Promise<string[]> {
    const rows = await harness.database.prisma.message.findMany({
      where: { conversation: { channelConversationId: conversationId }, direction: 'in' },
      orderBy: { createdAt: 'asc' },
    });
    return rows.map((row) => row.text);
  }

  it('masks identity data volunteered outside any verification question, keeping the rest readable, in the database and the live events', async () => {
    const published: string[] = [];
    const unsubscribe = harness.events.subscribe((event) => {
      if (event.type === 'message' && event.author === 'debtor') published.push(event.text);
    });
    const chat = harness.conversation('es-CL');
    await chat.ask('hola, mi rut es 8052853-1 y nací el 1955-01-16, mi correo ana@example.com, cel +56 9 1234 5678');
    await chat.ask('quiero reclamar');
    const [volunteered] = await storedInbound(chat.conversationId);
    expect(volunteered).not.toMatch(/8052853|1955|ana@example|1234 5678/);
    expect(volunteered).toMatch(/hola, mi rut es/);
    unsubscribe();
    expect(published.length).toBeGreaterThan(0);
    expect(published.join(' ')).not.toMatch(/8052853|1955|ana@example|1234 5678/);
  });

  it('keeps identity data given across two messages only sealed in the stored conversation state', async () => {
    const chat = harness.conversation('es-CL');
    expect(await chat.ask('12.345.678-5')).toMatch(/fecha de nacimiento/);
    const states = (await harness.database.prisma.botState.findMany()).map((row) => row.data).join('\n');
    expect(states).toMatch(/sealedIdentity/);
    expect(states).not.toMatch(/345\.?678/);
    expect(await chat.ask('14/03/1985')).toMatch(balance);
  });

  it('masks a bare SSN last four typed alone', async () => {
    const chat = harness.conversation('en-US');
    await chat.ask('what do I owe');
    await chat.ask('4821');
    expect((await storedInbound(chat.conversationId)).join(' ')).not.toMatch(/4821/);
  });

  it('a turn that throws leaves nothing raw behind', async () => {
    const failing: Recognizer = { recognize: () => Promise.reject(new Error('recognizer down')) };
    const broken = await makeBotHarness({ recognizer: failing });
    try {
      const chat = broken.conversation('es-CL');
      expect(await chat.ask('mi rut es 12.345.678-5 y nací el 14/03/1985')).toMatch(/problema técnico/);
      const rows = await broken.database.prisma.message.findMany({ where: { direction: 'in' } });
      expect(rows.map((row) => row.text).join(' ')).not.toMatch(/345\.678|1985/);
    } finally {
      await broken.destroy();
    }
  });
});

describe('the outbound gate', () => {
  it('refuses the queue notice after STOP, logs it without personal data and counts it', async () => {
    const chat = harness.conversation('es-CL');
    expect(await chat.ask('STOP')).toMatch(/no quieres recibir/);
    expect(await chat.ask('quiero hablar con una persona')).toMatch(/persona del equipo/);
    const sent: string[] = [];
    const senders = new ChannelSenders();
    senders.register('test', async (_reference, text) => {
      sent.push(text);
    });
    const lines: string[] = [];
    const logger = pino({ level: 'info' }, { write: (line: string) => lines.push(line) });
    const metrics = makeMetrics(() => ({}));
    const gate = makeOutboundGate(harness.ledger, logger, metrics.outboundRefused);
    const options = {
      ledger: harness.ledger,
      senders,
      events: new ConversationEvents(),
      logger,
      gate,
      timeoutMinutes: 10,
      businessHours: { es: 'de 9 a 18', en: '9 to 6' },
    };
    expect(await notifyUnanswered({ ...options, now: () => new Date(Date.now() + 11 * 60_000) })).toBe(0);
    expect(sent).toEqual([]);
    expect(lines.join('')).toMatch(/refused by the contact gate/);
    expect(lines.join('')).not.toMatch(new RegExp(chat.userId));
    expect(await metrics.registry.getSingleMetricAsString('debtbot_outbound_refused_total')).toMatch(
      /kind="queue_notice",reason="opted_out"} 1/,
    );
  });

  it('honours STOP while the conversation waits for a person', async () => {
    const chat = harness.conversation('es-CL');
    await chat.ask('quiero hablar con una persona');
    expect(await chat.ask('STOP')).toMatch(/no quieres recibir/);
    expect(await harness.database.prisma.contactPreference.count({ where: { channelUserId: chat.userId, reason: 'opt_out' } })).toBe(1);
  });
});
