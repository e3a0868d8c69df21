import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeBotHarness, testNow, type BotHarness } from '../support/bot-harness.js';

// After a debtor verifies, the bot picks up its reminders: on web chat the notices left while they were away (once);
// on a chat that got a reminder this week, which reminder the debtor is answering.
describe('reminders followed up after verification', () => {
  let harness: BotHarness;
  beforeAll(async () => {
    harness = await makeBotHarness();
  });
  afterAll(async () => {
    await harness?.destroy();
  });

  /** A reminder job for the demo card with its contact-log line, as the scheduler leaves it. */
  async function leaveReminder(input: { channel: string; status: string; kind: string; template: string; sentAt: Date }) {
    const { prisma } = harness.database;
    const account = await prisma.account.findUniqueOrThrow({ where: { externalRef: 'CL-TC-0001' } });
    const key = `${account.debtorId}|${account.id}|${input.kind}|${input.channel}-${input.sentAt.toISOString()}`;
    await prisma.outboundJob.create({
      data: {
        key,
        debtorId: account.debtorId,
        accountId: account.id,
        kind: input.kind,
        aboutDateIso: '2026-11-20',
        forDateIso: '2026-11-21',
        channel: input.channel,
        dueAt: input.sentAt,
        status: input.status,
      },
    });
    await prisma.contactAttempt.create({
      data: {
        id: `a-${key}`,
        jobKey: key,
        debtorId: account.debtorId,
        accountId: account.id,
        channel: input.channel,
        kind: input.kind,
        template: input.template,
        rulesVersion: 'built-in 2026-12',
        outcome: 'sent',
        localDateIso: input.sentAt.toISOString().slice(0, 10),
        attemptedAt: input.sentAt,
      },
    });
  }

  it('web chat: the notices left while away are shown once, right after verification', async () => {
    await leaveReminder({
      channel: 'webchat',
      status: 'notice',
      kind: 'past_due',
      template: 'reminder.past_due.es',
      sentAt: new Date('2026-11-21T13:00:00Z'),
    });
    const chat = harness.conversation('es-CL', undefined, 'webchat');
    await chat.ask('cuánto debo');
    const verified = await chat.ask('12.345.678-5 14/03/1985');
    expect(verified).toMatch(
      /Mientras no estabas te dejamos un aviso:\n\nHola, te escribe Banco Demo\. Un pago de tu cuenta tiene 3 días de atraso/,
    );
    const again = harness.conversation('es-CL', undefined, 'webchat');
    await again.ask('cuánto debo');
    expect(await again.ask('12.345.678-5 14/03/1985')).not.toMatch(/Mientras no estabas/);
    const log = await harness.database.prisma.contactAttempt.findMany({ where: { channel: 'webchat' }, orderBy: { attemptedAt: 'asc' } });
    expect(log.map((line) => line.outcome)).toEqual(['sent', 'delivered']);
  });

  it('a chat that got a reminder this week: the bot says which one the debtor is answering; an older one is not mentioned', async () => {
    await leaveReminder({
      channel: 'test',
      status: 'sent',
      kind: 'past_due',
      template: 'reminder.past_due.es',
      sentAt: new Date(testNow.getTime() - 86_400_000),
    });
    const chat = harness.conversation('es-CL');
    await chat.ask('hola, me llegó un mensaje');
    await chat.ask('cuánto debo');
    expect(await chat.ask('12.345.678-5 14/03/1985')).toContain(
      'Sobre el recordatorio que te enviamos: Tarjeta de crédito …0001, fecha 20 de noviembre de 2026.',
    );

    await harness.database.prisma.contactAttempt.updateMany({
      where: { channel: 'test' },
      data: { attemptedAt: new Date(testNow.getTime() - 8 * 86_400_000) },
    });
    const later = harness.conversation('es-CL');
    await later.ask('cuánto debo');
    expect(await later.ask('12.345.678-5 14/03/1985')).not.toContain('recordatorio');
  });
});

describe('the plan confirmation and reminders', () => {
  it('says reminders will come before each installment while the scheduler runs, and not otherwise', async () => {
    for (const remindersOn of [true, false]) {
      const harness = await makeBotHarness({ remindersOn });
      try {
        const chat = harness.conversation('es-CL');
        await chat.ask('quiero un plan de cuotas');
        await chat.ask('12.345.678-5 14/03/1985');
        await chat.ask('1');
        const confirmation = await chat.ask('Aceptar');
        expect(confirmation).toMatch(/plan quedó registrado/);
        if (remindersOn) expect(confirmation).toContain('Te escribiremos 2 días antes de cada cuota para recordártela.');
        else expect(confirmation).not.toContain('Te escribiremos');
      } finally {
        await harness.destroy();
      }
    }
  });
});
