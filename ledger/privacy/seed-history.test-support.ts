// Test support: a debtor with one of every record export and erase deal with.
import { randomUUID } from 'node:crypto';
import { seedDebtor } from '../../test/support/seed.js';
import { offerPlan } from '../policy/index.js';
import {
  agreePlan,
  appendMessage,
  linkConversationDebtor,
  openConversation,
  openDispute,
  recordOptOut,
  recordPayment,
  recordPaymentClaim,
  recordPromise,
  requestHandoff,
  verifyIdentity,
  type LedgerContext,
} from '../service/index.js';
import { toAccountView } from '../service/records.js';
import { writeState } from '../store/state-store.js';

/** The identity and free text seeded, which an erased export must not contain. */
export interface SeededHistory {
  readonly debtorId: string;
  readonly externalId: string;
  readonly accountRefs: readonly string[];
  readonly channelUserId: string;
  readonly channelConversationId: string;
  /** Strings that must vanish on erasure. */
  readonly secrets: readonly string[];
}

const today = '2026-11-23';

/** Seeds a debtor with two accounts, a plan, a payment, a promise, a claim, a dispute, a verified Telegram user, an opt-out, two conversations, a handoff and bot state. */
export async function seedHistory(context: LedgerContext): Promise<SeededHistory> {
  const { prisma } = context;
  const { debtorId, accountIds } = await seedDebtor(prisma, [{ balanceMinor: 1_000_003 }, { balanceMinor: 500_000 }]);
  const [planAccount, otherAccount] = accountIds as [string, string];
  const tag = randomUUID().slice(0, 8);
  const documentNumber = `${Math.floor(10_000_000 + Math.random() * 80_000_000)}`;
  const email = `ana.${tag}@example.com`;
  const debtor = await prisma.debtor.update({
    where: { id: debtorId },
    data: {
      documentNumber,
      documentNumberNormalized: documentNumber,
      email,
      phone: `+5691${tag.replace(/\D/g, '7').slice(0, 7).padEnd(7, '7')}`,
    },
  });
  const actor = { type: 'debtor', id: `telegram:tg-${tag}` } as const;
  const user = { channel: 'telegram', channelUserId: `tg-${tag}` };

  const early = await openConversation(
    context,
    { ...user, channelConversationId: `chat-${tag}-early` },
    JSON.stringify({ user: { id: user.channelUserId, name: 'Ana Pérez' } }),
    'es',
  );
  await appendMessage(context, {
    conversationId: early.id,
    direction: 'in',
    author: 'debtor',
    text: `soy Ana Pérez, mi correo es ${email}`,
  });
  const verified = await verifyIdentity(context, user, { documentNumber, dateOfBirthIso: debtor.dateOfBirthIso }, new Date());
  if (verified.status !== 'verified') throw new Error(`seed: verification ${verified.status}`);
  const conversation = await openConversation(
    context,
    { ...user, channelConversationId: `chat-${tag}` },
    JSON.stringify({ user: { id: user.channelUserId, name: 'Ana Pérez' } }),
    'es',
  );
  await linkConversationDebtor(context, conversation.id, debtorId);
  await appendMessage(context, {
    conversationId: conversation.id,
    direction: 'in',
    author: 'debtor',
    text: `mi teléfono es ${debtor.phone}`,
    activityId: `a-${tag}`,
  });
  await appendMessage(context, {
    conversationId: conversation.id,
    direction: 'out',
    author: 'bot',
    text: 'Hola Ana, tu deuda es de $1.000.003',
  });
  await writeState(context.sql, `telegram/conversations/chat-${tag}/`, { verified: { debtorId, firstName: 'Ana' } });

  const plan = offerPlan(toAccountView(await prisma.account.findUniqueOrThrow({ where: { id: planAccount } })), context.policy, today, {
    count: 4,
  });
  if (!plan.ok) throw new Error(plan.refusal.code);
  const agreed = await agreePlan(context, {
    idempotencyKey: `plan-${tag}`,
    accountId: planAccount,
    acceptedOffer: plan.offer,
    request: { count: 4 },
    todayIso: today,
    actor,
  });
  if (!agreed.ok) throw new Error(agreed.refusal.code);
  await recordPayment(context, {
    idempotencyKey: `pay-${tag}`,
    accountId: planAccount,
    amountMinor: 100_003,
    currency: 'CLP',
    paidOnIso: today,
    source: 'agent',
    actor: { type: 'agent', id: 'agent-1' },
  });
  const promised = await recordPromise(context, {
    idempotencyKey: `promise-${tag}`,
    accountId: otherAccount,
    amountMinor: 60_000,
    dueDateIso: '2026-11-30',
    todayIso: today,
    actor,
  });
  if (!promised.ok) throw new Error(promised.refusal.code);
  await recordPaymentClaim(context, {
    idempotencyKey: `claim-${tag}`,
    accountId: otherAccount,
    amountMinor: 20_000,
    paidOnIso: '2026-11-20',
    actor,
  });
  await prisma.paymentClaim.updateMany({
    where: { idempotencyKey: `claim-${tag}` },
    data: { note: `pagué desde la cuenta de Ana Pérez ${documentNumber}` },
  });
  await openDispute(context, {
    idempotencyKey: `dispute-${tag}`,
    accountId: otherAccount,
    category: 'amount_wrong',
    text: `Ana Pérez: el monto está mal, llamen al ${debtor.phone}`,
    actor,
  });
  await requestHandoff(context, conversation.id, 'dispute');
  await recordOptOut(context, user, 'opt_out', debtorId, new Date());

  const accounts = await prisma.account.findMany({ where: { debtorId }, select: { externalRef: true } });
  return {
    debtorId,
    externalId: debtor.externalId,
    accountRefs: accounts.map((account) => account.externalRef),
    channelUserId: user.channelUserId,
    channelConversationId: `chat-${tag}`,
    secrets: [
      debtor.externalId,
      'Ana Pérez',
      'Ana',
      documentNumber,
      debtor.dateOfBirthIso,
      debtor.phone,
      email,
      user.channelUserId,
      `chat-${tag}`,
      'el monto está mal',
      'pagué desde',
      ...accounts.map((account) => account.externalRef),
    ],
  };
}
