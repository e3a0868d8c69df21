// What the bank file's import looks up, many lines at a time: the accounts and links the references name, and the
// bank transactions already taken (as payments or as unmatched payments).
import type { LedgerDb } from './ledger-db.js';
import { chunked } from './chunked.js';
import { toMinorNumber } from './numbers.js';

/** Values per `IN (…)` list, well under every driver's parameter limit. */
const lookupChunk = 500;

/** An account a reference can name: its id, reference and currency. */
export interface ReferencedAccount {
  readonly id: string;
  readonly externalRef: string;
  readonly currency: string;
}

/** A payment link a reference can name, with its account's reference. */
export interface ReferencedLink {
  readonly id: string;
  readonly reference: string;
  readonly accountId: string;
  readonly accountRef: string;
  readonly currency: string;
  readonly amountMinor: number;
  readonly status: string;
}

/** A payment recorded under an idempotency key: what it recorded, to tell a replay from a conflict. */
export interface KeyedPayment {
  readonly idempotencyKey: string;
  readonly accountId: string;
  readonly accountRef: string;
  readonly amountMinor: number;
  readonly currency: string;
  readonly paidOnIso: string;
  readonly source: string;
}

/** An unmatched payment already taken from a bank transaction id: what it recorded. */
export interface TakenUnmatched {
  readonly externalId: string;
  readonly reference: string;
  readonly amountMinor: number;
  readonly currency: string;
  readonly paidOnIso: string;
  readonly status: string;
}

/** The accounts with these lender references (`account_ref`), by reference. */
export async function findAccountsByRefs(db: LedgerDb, refs: readonly string[]): Promise<Map<string, ReferencedAccount>> {
  const found = new Map<string, ReferencedAccount>();
  for (const chunk of chunked([...new Set(refs)], lookupChunk)) {
    const rows = await db.account.findMany({
      where: { externalRef: { in: chunk } },
      select: { id: true, externalRef: true, currency: true },
    });
    for (const row of rows) found.set(row.externalRef, row);
  }
  return found;
}

/** The payment links with these references (as stored: upper case), by reference. */
export async function findLinksByReferences(db: LedgerDb, references: readonly string[]): Promise<Map<string, ReferencedLink>> {
  const found = new Map<string, ReferencedLink>();
  for (const chunk of chunked([...new Set(references)], lookupChunk)) {
    const rows = await db.paymentLink.findMany({
      where: { reference: { in: chunk } },
      select: {
        id: true,
        reference: true,
        accountId: true,
        currency: true,
        amountMinor: true,
        status: true,
        account: { select: { externalRef: true } },
      },
    });
    for (const row of rows)
      found.set(row.reference, {
        id: row.id,
        reference: row.reference,
        accountId: row.accountId,
        accountRef: row.account.externalRef,
        currency: row.currency,
        amountMinor: toMinorNumber(row.amountMinor),
        status: row.status,
      });
  }
  return found;
}

/** The payments recorded under these idempotency keys, by key. */
export async function findPaymentsByKeys(db: LedgerDb, keys: readonly string[]): Promise<Map<string, KeyedPayment>> {
  const found = new Map<string, KeyedPayment>();
  for (const chunk of chunked([...new Set(keys)], lookupChunk)) {
    const rows = await db.payment.findMany({
      where: { idempotencyKey: { in: chunk } },
      select: {
        idempotencyKey: true,
        accountId: true,
        amountMinor: true,
        currency: true,
        paidOnIso: true,
        source: true,
        account: { select: { externalRef: true } },
      },
    });
    for (const row of rows)
      found.set(row.idempotencyKey, {
        idempotencyKey: row.idempotencyKey,
        accountId: row.accountId,
        accountRef: row.account.externalRef,
        amountMinor: toMinorNumber(row.amountMinor),
        currency: row.currency,
        paidOnIso: row.paidOnIso,
        source: row.source,
      });
  }
  return found;
}

/** The unmatched payments already taken from these bank transaction ids, by id. */
export async function findUnmatchedByExternalIds(db: LedgerDb, externalIds: readonly string[]): Promise<Map<string, TakenUnmatched>> {
  const found = new Map<string, TakenUnmatched>();
  for (const chunk of chunked([...new Set(externalIds)], lookupChunk)) {
    const rows = await db.unmatchedPayment.findMany({
      where: { externalId: { in: chunk } },
      select: { externalId: true, reference: true, amountMinor: true, currency: true, paidOnIso: true, status: true },
    });
    for (const row of rows) found.set(row.externalId, { ...row, amountMinor: toMinorNumber(row.amountMinor) });
  }
  return found;
}
