import { describe, expect, it } from 'vitest';
import { testProviders } from '../../test/support/temp-database.js';
import { useTempLedger } from '../../test/support/temp-ledger.js';
import { seedDebtor } from '../../test/support/seed.js';
import { recordPromise } from '../service/promises.js';
import { writeOnce } from './idempotency.js';
import { findPromiseByKey, insertPromise, type PromiseView } from './promise-rows.js';
import { inSqlTransaction, isUniqueViolation } from './transactions.js';

describe('isUniqueViolation', () => {
  it("knows Prisma's, better-sqlite3's and PostgreSQL's unique violations, and nothing else", () => {
    for (const code of ['P2002', 'SQLITE_CONSTRAINT_UNIQUE', 'SQLITE_CONSTRAINT_PRIMARYKEY', '23505']) {
      expect(isUniqueViolation(Object.assign(new Error('duplicate'), { code }))).toBe(true);
    }
    for (const error of [
      Object.assign(new Error('foreign key'), { code: 'SQLITE_CONSTRAINT_FOREIGNKEY' }),
      Object.assign(new Error('foreign key'), { code: '23503' }),
      new Error('UNIQUE constraint failed'),
      null,
      'P2002',
    ]) {
      expect(isUniqueViolation(error)).toBe(false);
    }
  });
});

describe.each(testProviders)('a write once per idempotency key on the SQL runner, on $provider', ({ provider, available }) => {
  const ledger = useTempLedger(provider, available);

  it.skipIf(!available)("recognises the driver's unique violation and re-reads the earlier result", async () => {
    const { debtorId, accountIds } = await seedDebtor(ledger.database.prisma, [{ balanceMinor: 500_000 }]);
    const accountId = accountIds[0]!;
    const key = 'raced-promise-key';
    const payload = { accountId, amountMinor: 50_000, dueDateIso: '2026-11-30' };
    const earlier = await recordPromise(ledger.context, {
      ...payload,
      idempotencyKey: key,
      todayIso: '2026-11-23',
      actor: { type: 'system' },
    });
    if (!earlier.ok) throw new Error(earlier.refusal.code);

    // The first look misses the earlier promise, as when both requests looked before either wrote.
    let looks = 0;
    const raced = await writeOnce<PromiseView>({
      idempotencyKey: key,
      payload,
      find: async (idempotencyKey) => ((looks += 1) === 1 ? null : findPromiseByKey(ledger.context.sql, idempotencyKey)),
      write: (requestHash) =>
        inSqlTransaction(ledger.context, (tx) =>
          insertPromise(tx, {
            account: { id: accountId, debtorId, currency: 'CLP' },
            amountMinor: payload.amountMinor,
            dueDateIso: payload.dueDateIso,
            actor: { type: 'system' },
            idempotencyKey: key,
            requestHash,
            now: new Date(),
          }),
        ),
    });
    expect(looks).toBe(2);
    expect(raced).toEqual({ value: earlier.promise, replayed: true });
    expect(await ledger.database.prisma.paymentPromise.count({ where: { idempotencyKey: key } })).toBe(1);
  });
});
