import type { LedgerClient } from '../../ledger/db/open-database.js';

/**
 * Creates `count` Chilean debtors, each with one account due on `dueDateIso`, a verified Telegram chat
 * (`<prefix>-chat-<n>`) and a conversation there with a stored reference: every one can be sent a reminder.
 */
export async function seedReachableDebtors(
  prisma: LedgerClient,
  input: { readonly prefix: string; readonly count: number; readonly dueDateIso: string },
): Promise<void> {
  for (let index = 0; index < input.count; index += 1) {
    const debtor = await prisma.debtor.create({
      data: {
        externalId: `${input.prefix}-${index}`,
        fullName: 'Test Debtor',
        documentType: 'RUT',
        documentNumber: `${input.prefix}${index}`,
        documentNumberNormalized: `${input.prefix}${index}`.toUpperCase(),
        dateOfBirthIso: '1980-01-01',
        phone: '',
        email: '',
        language: 'es',
        country: 'CL',
        timezone: 'America/Santiago',
      },
    });
    await prisma.account.create({
      data: {
        externalRef: `${input.prefix}-${index}-A`,
        debtorId: debtor.id,
        product: 'loan',
        currency: 'CLP',
        originalAmountMinor: 100_000n,
        balanceMinor: 100_000n,
        dueDateIso: input.dueDateIso,
      },
    });
    const chat = `${input.prefix}-chat-${index}`;
    await prisma.channelIdentity.create({
      data: { channel: 'telegram', channelUserId: chat, debtorId: debtor.id, verifiedAt: new Date('2026-11-20T12:00:00Z') },
    });
    const reference = { channelId: 'telegram', conversation: { id: chat }, user: { id: chat }, bot: { id: 'bot' }, serviceUrl: '' };
    await prisma.conversation.create({
      data: {
        channel: 'telegram',
        channelConversationId: chat,
        channelUserId: chat,
        debtorId: debtor.id,
        reference: JSON.stringify(reference),
      },
    });
  }
}
