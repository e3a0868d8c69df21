import { describe, expect, it } from 'vitest';
import { NotFoundError } from '../errors.js';
import { testProviders } from '../../test/support/temp-database.js';
import { useTempLedger } from '../../test/support/temp-ledger.js';
import { seedDebtor } from '../../test/support/seed.js';
import { recordPromise, type PromiseInput } from './promises.js';

const today = '2026-11-23';

describe.each(testProviders)('promises to pay on the SQL runner, on $provider', ({ provider, available }) => {
  const ledger = useTempLedger(provider, available);

  function promiseOn(accountId: string, idempotencyKey: string): PromiseInput {
    return {
      idempotencyKey,
      accountId,
      amountMinor: 50_000,
      dueDateIso: '2026-12-01',
      todayIso: today,
      actor: { type: 'debtor', id: 'telegram:7' },
    };
  }

  it.skipIf(!available)('stores every column Prisma would have, and replays the same view', async () => {
    const { debtorId, accountIds } = await seedDebtor(ledger.database.prisma, [{ balanceMinor: 500_000 }]);
    const accountId = accountIds[0]!;
    const first = await recordPromise(ledger.context, promiseOn(accountId, 'promise-columns-1'));
    if (!first.ok) throw new Error(first.refusal.code);
    expect(first.replayed).toBe(false);
    expect(first.promise).toEqual({
      id: first.promise.id,
      accountId,
      currency: 'CLP',
      amountMinor: 50_000,
      dueDateIso: '2026-12-01',
      status: 'pending',
    });
    const stored = await ledger.database.prisma.paymentPromise.findUniqueOrThrow({ where: { id: first.promise.id } });
    expect(stored).toMatchObject({
      accountId,
      debtorId,
      currency: 'CLP',
      amountMinor: 50_000n,
      status: 'pending',
      createdByType: 'debtor',
      createdById: 'telegram:7',
      idempotencyKey: 'promise-columns-1',
    });
    expect(stored.createdAt).toBeInstanceOf(Date);
    expect(stored.updatedAt.getTime()).toBe(stored.createdAt.getTime());
    expect(Math.abs(stored.createdAt.getTime() - Date.now())).toBeLessThan(60_000);

    const again = await recordPromise(ledger.context, promiseOn(accountId, 'promise-columns-1'));
    expect(again).toEqual({ ok: true, promise: first.promise, replayed: true });
  });

  it.skipIf(!available)('records one promise when the same key arrives twice at once, returning it to both', async () => {
    const { accountIds } = await seedDebtor(ledger.database.prisma, [{ balanceMinor: 500_000 }]);
    const accountId = accountIds[0]!;
    const input = promiseOn(accountId, 'promise-race-1');
    const outcomes = await Promise.all([recordPromise(ledger.context, input), recordPromise(ledger.context, input)]);
    const [a, b] = outcomes.map((outcome) => {
      if (!outcome.ok) throw new Error(outcome.refusal.code);
      return outcome;
    });
    expect(a!.promise).toEqual(b!.promise);
    expect([a!.replayed, b!.replayed].sort()).toEqual([false, true]);
    expect(await ledger.database.prisma.paymentPromise.count({ where: { accountId } })).toBe(1);
    expect(await ledger.database.prisma.auditEvent.count({ where: { entityId: accountId, action: 'promise.created' } })).toBe(1);
  });

  it.skipIf(!available)('refuses an unknown account without writing anything', async () => {
    await expect(recordPromise(ledger.context, promiseOn('no-such-account', 'promise-missing-1'))).rejects.toThrow(NotFoundError);
    expect(await ledger.database.prisma.paymentPromise.count({ where: { idempotencyKey: 'promise-missing-1' } })).toBe(0);
  });
});
