import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { testProviders } from '../../test/support/temp-database.js';
import { useTempLedger } from '../../test/support/temp-ledger.js';
import { seedDebtor } from '../../test/support/seed.js';
import { importPortfolio } from '../import/index.js';
import { checkOutboundContact } from '../service/index.js';
import { eraseDebtor } from './erase-debtor.js';
import { exportDebtor, type DebtorExport } from './export-debtor.js';
import type { JsonValue } from './plain-json.js';
import { seedHistory } from './seed-history.test-support.js';

const operator = { type: 'system', id: 'cli' } as const;
type Row = { [key: string]: JsonValue };

function rows(value: JsonValue): Row[] {
  return value as Row[];
}

/** The money records of an export, without the columns erasure may rewrite. */
function moneyOf(document: DebtorExport): unknown {
  const pick = (row: Row, keys: string[]): Row => Object.fromEntries(keys.map((key) => [key, row[key] ?? null]));
  return {
    accounts: rows(document.accounts).map((account) => ({
      ...pick(account, ['id', 'currency', 'originalAmountMinor', 'balanceMinor', 'dueDateIso', 'status', 'activeAgreementId']),
      entries: rows(account.balanceEntries ?? []).map((entry) => pick(entry, ['kind', 'deltaMinor', 'balanceAfterMinor'])),
    })),
    payments: rows(document.payments).map((row) => pick(row, ['id', 'amountMinor', 'currency', 'paidOnIso', 'source'])),
    agreements: rows(document.agreements).map((row) => ({
      ...pick(row, ['id', 'kind', 'status', 'agreedAmountMinor', 'discountMinor', 'downPaymentMinor', 'installmentCount']),
      installments: rows(row.installments ?? []).map((item) => pick(item, ['sequence', 'dueDateIso', 'amountMinor', 'status'])),
    })),
    promises: rows(document.promises).map((row) => pick(row, ['id', 'amountMinor', 'dueDateIso', 'status'])),
    claims: rows(document.paymentClaims).map((row) => pick(row, ['id', 'amountMinor', 'paidOnIso', 'status'])),
    disputes: rows(document.disputes).map((row) => pick(row, ['id', 'reference', 'category', 'status', 'previousStatus'])),
  };
}

describe.each(testProviders)('access and erasure on $provider', ({ provider, available }) => {
  const ledger = useTempLedger(provider, available);

  it.skipIf(!available)('exports everything, erases identity and transcripts, and keeps the money records under a pseudonym', async () => {
    const seeded = await seedHistory(ledger.context);
    const bystander = await seedHistory(ledger.context);
    const before = await exportDebtor(ledger.context, seeded.externalId, operator);
    expect(before).not.toBeNull();
    if (!before) return;
    const text = JSON.stringify(before);
    for (const secret of seeded.secrets) expect(text).toContain(secret);
    expect(rows(before.agreements)[0]?.installments).toHaveLength(4);
    expect(rows(before.payments)).toHaveLength(1);
    expect(rows(before.payments)[0]?.amountMinor).toBe('100003');
    expect(rows(before.promises)).toHaveLength(1);
    expect(rows(before.paymentClaims)).toHaveLength(1);
    expect(rows(before.disputes)).toHaveLength(1);
    expect(rows(before.channelIdentities)).toHaveLength(1);
    expect(rows(before.contactPreferences)).toHaveLength(1);
    const conversations = rows(before.conversations);
    expect(conversations).toHaveLength(2);
    expect(conversations.flatMap((conversation) => rows(conversation.messages ?? []))).toHaveLength(3);
    expect(conversations.flatMap((conversation) => rows(conversation.handoffs ?? []))).toHaveLength(1);
    expect(conversations.some((conversation) => conversation.state !== null)).toBe(true);
    const actions = rows(before.auditEvents).map((event) => event.action);
    expect(actions).toEqual(
      expect.arrayContaining([
        'identity.verified',
        'agreement.created',
        'payment.recorded',
        'promise.created',
        'payment_claim.created',
        'dispute.opened',
        'handoff.queued',
        'contact.opt_out',
      ]),
    );

    const summary = await eraseDebtor(ledger.context, seeded.externalId, operator);
    expect(summary?.alreadyErased).toBe(false);
    expect(summary?.pseudonym).toMatch(/^ERASED-[0-9a-f]{16}$/);
    if (!summary) return;
    expect(await exportDebtor(ledger.context, seeded.externalId, operator)).toBeNull();

    const after = await exportDebtor(ledger.context, summary.pseudonym, operator);
    expect(after).not.toBeNull();
    if (!after) return;
    const erasedText = JSON.stringify(after);
    for (const secret of seeded.secrets) expect(erasedText).not.toContain(secret);
    expect(after.debtor).toMatchObject({
      id: seeded.debtorId,
      externalId: summary.pseudonym,
      fullName: summary.pseudonym,
      documentNumber: '',
      dateOfBirthIso: '',
      phone: '',
      email: '',
    });
    expect(moneyOf(after)).toEqual(moneyOf(before));
    expect(rows(after.channelIdentities)).toHaveLength(0);
    expect(rows(after.contactPreferences)).toHaveLength(0);
    const erasedConversations = rows(after.conversations);
    expect(erasedConversations).toHaveLength(2);
    const messages = erasedConversations.flatMap((conversation) => rows(conversation.messages ?? []));
    expect(messages.map((message) => message.text)).toEqual(['[erased]', '[erased]', '[erased]']);
    expect(erasedConversations.every((conversation) => conversation.state === null && conversation.reference === null)).toBe(true);
    expect(rows(after.disputes)[0]?.text).toBe('[erased]');
    expect(rows(after.paymentClaims)[0]?.note).toBe('[erased]');
    expect(rows(after.auditEvents).map((event) => event.action)).toEqual(
      expect.arrayContaining(['debtor.exported', 'debtor.erased', 'agreement.created']),
    );

    // The opt-out is still honoured for the channel user, though no longer linked to the debtor.
    expect(
      await checkOutboundContact(ledger.context, { channel: 'telegram', channelUserId: seeded.channelUserId, debtorId: null }, 'service'),
    ).toEqual({ allowed: false, reason: 'opted_out' });
    // Nobody can be verified as the erased debtor any more (the document is gone).
    const prisma = ledger.database.prisma;
    expect(await prisma.debtor.count({ where: { documentNumberNormalized: '', id: seeded.debtorId } })).toBe(1);

    // The bystander is untouched.
    const bystanderExport = await exportDebtor(ledger.context, bystander.externalId, operator);
    for (const secret of bystander.secrets) expect(JSON.stringify(bystanderExport)).toContain(secret);
  });

  it.skipIf(!available)('is idempotent: a second erasure changes nothing and writes no second audit event', async () => {
    const seeded = await seedHistory(ledger.context);
    const first = await eraseDebtor(ledger.context, seeded.externalId, operator);
    if (!first) throw new Error('not found');
    const second = await eraseDebtor(ledger.context, first.pseudonym, operator);
    expect(second).toEqual({ pseudonym: first.pseudonym, alreadyErased: true, counts: expect.any(Object) });
    expect(Object.values(second?.counts ?? {}).every((count) => count === 0)).toBe(true);
    expect(await ledger.database.prisma.auditEvent.count({ where: { entityId: seeded.debtorId, action: 'debtor.erased' } })).toBe(1);
    expect(await eraseDebtor(ledger.context, seeded.externalId, operator)).toBeNull();
    expect(await eraseDebtor(ledger.context, 'NO-SUCH-DEBTOR', operator)).toBeNull();
  });

  it.skipIf(!available)(
    'lets a later import of the same debtor_id and account_ref create a new debtor and account, leaving the erased records alone',
    async () => {
      const { debtorId, accountIds } = await seedDebtor(ledger.database.prisma);
      const original = await ledger.database.prisma.debtor.findUniqueOrThrow({ where: { id: debtorId }, include: { accounts: true } });
      const summary = await eraseDebtor(ledger.context, original.externalId, operator);
      if (!summary) throw new Error('not found');
      const file = join(mkdtempSync(join(tmpdir(), 'debt-bot-erase-')), 'portfolio.csv');
      writeFileSync(
        file,
        [
          'debtor_id,full_name,document_type,document_number,date_of_birth,phone,email,language,country,timezone,account_ref,product,currency,original_amount,balance,due_date',
          `${original.externalId},Ana Pérez,RUT,17.090.571-7,1980-02-29,+56911112222,,es,CL,America/Santiago,${original.accounts[0]?.externalRef},tarjeta_credito,CLP,900000,900000,2026-06-01`,
        ].join('\n'),
      );
      const imported = await importPortfolio(ledger.database, file, { todayIso: '2026-11-23' });
      expect(imported.ok && imported.summary.debtors.created === 1 && imported.summary.accounts.created === 1).toBe(true);
      const erased = await ledger.database.prisma.account.findUniqueOrThrow({ where: { id: accountIds[0] } });
      expect(erased).toMatchObject({ debtorId, externalRef: expect.stringMatching(/^ERASED-/), balanceMinor: 1_000_000n });
      const fresh = await ledger.database.prisma.debtor.findUniqueOrThrow({
        where: { externalId: original.externalId },
        include: { accounts: true },
      });
      expect(fresh.id).not.toBe(debtorId);
      expect(fresh.accounts.map((account) => account.balanceMinor)).toEqual([900_000n]);
    },
  );
});
