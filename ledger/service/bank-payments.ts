// The daily bank file (DESIGN §13, `npm run payments:import`): every line is checked against the ledger before any is
// applied; then each applies on its own, once per bank transaction id.
import { IdempotencyConflictError, LedgerError } from '../errors.js';
import type { BankFileProblem, BankPaymentLine } from '../import/bank-file.js';
import { isCurrencyCode, minorToMajorString, type CurrencyCode } from '../money/index.js';
import { writeAudit, type Actor } from '../store/audit.js';
import {
  findAccountsByRefs,
  findLinksByReferences,
  findPaymentsByKeys,
  findUnmatchedByExternalIds,
  type KeyedPayment,
  type TakenUnmatched,
} from '../store/bank-payment-rows.js';
import { markLinkPaid } from '../store/payment-link-rows.js';
import { inTransaction, isUniqueViolation } from '../store/transactions.js';
import { insertUnmatchedPayment } from '../store/unmatched-payment-rows.js';
import type { LedgerContext } from './context.js';
import { recordPayment } from './payments.js';

export { bankFileColumns, readBankFile, type BankFileProblem, type BankFileReading, type BankPaymentLine } from '../import/bank-file.js';

/** The `source` of a payment (and of an unmatched payment) that came from the bank file. */
export const bankFileSource = 'bank_file';

/** Who applies the bank file's lines. */
const bankFileActor: Actor = { type: 'system', id: bankFileSource };

/** The idempotency key of a bank transaction (an unmatched payment an agent assigns later uses the same one). */
export function bankPaymentKey(bankTxnId: string): string {
  return `bank:${bankTxnId}`;
}

/** What became (or, in a dry run, would become) of one line of the bank file. */
export type BankLineOutcome =
  | {
      readonly line: number;
      readonly bankTxnId: string;
      readonly kind: 'applied';
      readonly amountMinor: number;
      readonly currency: CurrencyCode;
      /** The account it paid (its `account_ref`). */
      readonly accountRef: string;
      /** The payment link's reference, when the line quoted one. */
      readonly linkReference: string | null;
    }
  | { readonly line: number; readonly bankTxnId: string; readonly kind: 'duplicate' }
  | {
      readonly line: number;
      readonly bankTxnId: string;
      readonly kind: 'unmatched';
      readonly amountMinor: number;
      readonly currency: CurrencyCode;
    };

/** What an import of the bank file did (or, in a dry run, would do). */
export interface BankImportSummary {
  readonly dryRun: boolean;
  /** Lines in the file. */
  readonly lines: number;
  /** Payments applied to accounts. */
  readonly applied: number;
  /** What the applied payments add up to, per currency, in minor units (never summed across currencies). */
  readonly appliedMinorByCurrency: Readonly<Partial<Record<CurrencyCode, number>>>;
  /** Lines whose bank transaction was imported before (nothing changed). */
  readonly duplicates: number;
  /** Lines naming no known account or link, now waiting for an agent. */
  readonly unmatched: number;
  /** Each line's outcome, in the file's order. */
  readonly outcomes: readonly BankLineOutcome[];
}

/**
 * Either the summary, or every problem found. Problems found while checking mean nothing was written (`partial`
 * null); a line the ledger refused while applying (the ledger changed after the check) leaves the lines before it
 * applied, and `partial` says what was: importing the fixed file again counts them as duplicates.
 */
export type BankImportResult =
  | { readonly ok: true; readonly summary: BankImportSummary }
  | { readonly ok: false; readonly problems: BankFileProblem[]; readonly partial: BankImportSummary | null };

/** Options of importBankPayments. */
export interface BankImportOptions {
  /** Check every line and say what would happen, writing nothing. */
  readonly dryRun: boolean;
  /** Problems already found in the file (readBankFile): nothing is written, but the lines are still checked so every problem is told at once. */
  readonly fileProblems?: readonly BankFileProblem[];
}

/** Where a line's money goes: an account, through a payment link or by the account's reference. */
interface Target {
  readonly accountId: string;
  readonly accountRef: string;
  readonly currency: string;
  readonly link: { readonly id: string; readonly reference: string; readonly amountMinor: number } | null;
}

/** A checked line and what it will do. */
type Planned =
  | { readonly kind: 'apply'; readonly line: BankPaymentLine; readonly target: Target }
  | { readonly kind: 'duplicate'; readonly line: BankPaymentLine }
  | { readonly kind: 'unmatched'; readonly line: BankPaymentLine };

function amountText(amountMinor: number, currency: string): string {
  return isCurrencyCode(currency) ? `${minorToMajorString(amountMinor, currency)} ${currency}` : `${amountMinor} (minor units) ${currency}`;
}

/** Why a bank transaction taken before with other content cannot be taken again. */
function conflictReason(earlier: string): string {
  return `was imported before with different content (${earlier}): a bank transaction is imported once; correct the line or give the new transaction its own id`;
}

/** Whether a line repeats the unmatched payment taken from its bank transaction, or the reason it conflicts with it. */
function compareUnmatched(line: BankPaymentLine, taken: TakenUnmatched): string | null {
  const same =
    taken.reference === line.reference &&
    taken.amountMinor === line.amountMinor &&
    taken.currency === line.currency &&
    taken.paidOnIso === line.paidOnIso;
  return same
    ? null
    : conflictReason(`${amountText(taken.amountMinor, taken.currency)} on ${taken.paidOnIso}, reference "${taken.reference}", unmatched`);
}

/** Whether a line repeats the payment recorded under its key (what recordPayment would replay), or the reason it conflicts. */
function comparePayment(line: BankPaymentLine, target: Target | null, recorded: KeyedPayment): string | null {
  const same =
    (target === null || target.accountId === recorded.accountId) &&
    recorded.amountMinor === line.amountMinor &&
    recorded.currency === line.currency &&
    recorded.paidOnIso === line.paidOnIso &&
    recorded.source === bankFileSource;
  return same
    ? null
    : conflictReason(`${amountText(recorded.amountMinor, recorded.currency)} on ${recorded.paidOnIso} to account ${recorded.accountRef}`);
}

/**
 * Checks every line against the ledger: the account or link its reference names (a link's reference in any case, else
 * the account's `account_ref` exactly; neither: unmatched), that it is in the line's currency, and whether its bank
 * transaction was taken before (the same content: a duplicate; other content: a problem).
 */
async function planLines(
  context: LedgerContext,
  lines: readonly BankPaymentLine[],
): Promise<{ planned: Planned[]; problems: BankFileProblem[] }> {
  const references = lines.map((line) => line.reference).filter((reference) => reference !== '');
  const [accounts, links, payments, taken] = await Promise.all([
    findAccountsByRefs(context.prisma, references),
    findLinksByReferences(
      context.prisma,
      references.map((reference) => reference.toUpperCase()),
    ),
    findPaymentsByKeys(
      context.prisma,
      lines.map((line) => bankPaymentKey(line.bankTxnId)),
    ),
    findUnmatchedByExternalIds(
      context.prisma,
      lines.map((line) => line.bankTxnId),
    ),
  ]);
  const planned: Planned[] = [];
  const problems: BankFileProblem[] = [];
  for (const line of lines) {
    const problem = (column: BankFileProblem['column'], reason: string) => problems.push({ line: line.line, column, reason });
    const link = line.reference === '' ? undefined : links.get(line.reference.toUpperCase());
    const account = link || line.reference === '' ? undefined : accounts.get(line.reference);
    const target: Target | null = link
      ? {
          accountId: link.accountId,
          accountRef: link.accountRef,
          currency: link.currency,
          link: { id: link.id, reference: link.reference, amountMinor: link.amountMinor },
        }
      : account
        ? { accountId: account.id, accountRef: account.externalRef, currency: account.currency, link: null }
        : null;
    let bad = false;
    if (target && target.currency !== line.currency) {
      bad = true;
      problem(
        'currency',
        target.link
          ? `payment link ${target.link.reference} (account ${target.accountRef}) is in ${target.currency}, not ${line.currency}`
          : `account ${target.accountRef} is in ${target.currency}, not ${line.currency}`,
      );
    }
    const earlierUnmatched = taken.get(line.bankTxnId);
    const earlierPayment = payments.get(bankPaymentKey(line.bankTxnId));
    // An unmatched line keeps its bank id when an agent applies it, so it is recognised first, whatever account it went to.
    const conflict = earlierUnmatched
      ? compareUnmatched(line, earlierUnmatched)
      : earlierPayment
        ? comparePayment(line, target, earlierPayment)
        : null;
    if (conflict !== null) {
      bad = true;
      problem('bank_txn_id', conflict);
    }
    if (bad) continue;
    if (earlierUnmatched || earlierPayment) planned.push({ kind: 'duplicate', line });
    else if (target) planned.push({ kind: 'apply', line, target });
    else planned.push({ kind: 'unmatched', line });
  }
  return { planned, problems };
}

/** A running tally of outcomes, frozen into a summary. */
function makeTally(dryRun: boolean, lines: number) {
  const outcomes: BankLineOutcome[] = [];
  const totals: Partial<Record<CurrencyCode, number>> = {};
  return {
    add(outcome: BankLineOutcome): void {
      outcomes.push(outcome);
      if (outcome.kind === 'applied') totals[outcome.currency] = (totals[outcome.currency] ?? 0) + outcome.amountMinor;
    },
    summary(): BankImportSummary {
      const count = (kind: BankLineOutcome['kind']) => outcomes.filter((outcome) => outcome.kind === kind).length;
      return {
        dryRun,
        lines,
        applied: count('applied'),
        appliedMinorByCurrency: { ...totals },
        duplicates: count('duplicate'),
        unmatched: count('unmatched'),
        outcomes: [...outcomes],
      };
    },
  };
}

/** Applies one line to its account through recordPayment (once per bank transaction); a paid link is marked paid. */
async function applyLine(context: LedgerContext, line: BankPaymentLine, target: Target): Promise<BankLineOutcome> {
  const { replayed } = await recordPayment(context, {
    idempotencyKey: bankPaymentKey(line.bankTxnId),
    accountId: target.accountId,
    amountMinor: line.amountMinor,
    currency: line.currency,
    paidOnIso: line.paidOnIso,
    source: bankFileSource,
    providerPaymentId: line.bankTxnId,
    ...(target.link ? { linkId: target.link.id } : {}),
    actor: bankFileActor,
  });
  // A link is paid once what it asked for arrived; a smaller transfer leaves it open.
  if (target.link && line.amountMinor >= target.link.amountMinor) await markLinkPaid(context.prisma, target.link.id);
  if (replayed) return { line: line.line, bankTxnId: line.bankTxnId, kind: 'duplicate' };
  return {
    line: line.line,
    bankTxnId: line.bankTxnId,
    kind: 'applied',
    amountMinor: line.amountMinor,
    currency: line.currency,
    accountRef: target.accountRef,
    linkReference: target.link?.reference ?? null,
  };
}

/** Stores a line no reference matched as an unmatched payment for agents, with its audit event; once per bank transaction. */
async function storeUnmatched(context: LedgerContext, line: BankPaymentLine): Promise<BankLineOutcome> {
  try {
    await inTransaction(context, async (tx) => {
      const stored = await insertUnmatchedPayment(tx, {
        source: bankFileSource,
        externalId: line.bankTxnId,
        reference: line.reference,
        currency: line.currency,
        amountMinor: line.amountMinor,
        paidOnIso: line.paidOnIso,
      });
      await writeAudit(tx, {
        actor: bankFileActor,
        action: 'payment.unmatched',
        entityType: 'UnmatchedPayment',
        entityId: stored.id,
        data: { amountMinor: line.amountMinor, currency: line.currency, source: bankFileSource },
      });
    });
  } catch (error) {
    // Another import took the same bank transaction meanwhile.
    if (isUniqueViolation(error)) return { line: line.line, bankTxnId: line.bankTxnId, kind: 'duplicate' };
    throw error;
  }
  return { line: line.line, bankTxnId: line.bankTxnId, kind: 'unmatched', amountMinor: line.amountMinor, currency: line.currency };
}

/** The problem a refusal of the ledger while applying a line is reported as. */
function refusalProblem(line: BankPaymentLine, error: LedgerError): BankFileProblem {
  if (error instanceof IdempotencyConflictError)
    return {
      line: line.line,
      column: 'bank_txn_id',
      reason: 'was imported meanwhile with different content (another import at the same time?): a bank transaction is imported once',
    };
  if (error.code === 'currency_mismatch') return { line: line.line, column: 'currency', reason: error.message };
  return { line: line.line, column: 'reference', reason: error.message };
}

/**
 * Imports the checked lines of a bank file (readBankFile): first checks every line against the ledger (the reference
 * names an account or a payment link in the line's currency, the bank transaction was not taken before with other
 * content) and writes nothing when any line, or the file (`fileProblems`), has a problem. Then applies each line in its
 * own transaction through recordPayment (key `bank:<bank_txn_id>`, source `bank_file`), marks a link paid when its
 * amount arrived, and stores a line naming no account or link as an unmatched payment for agents. A bank transaction
 * taken before with the same content is a duplicate and changes nothing. A dry run checks and counts, writing nothing.
 */
export async function importBankPayments(
  context: LedgerContext,
  lines: readonly BankPaymentLine[],
  options: BankImportOptions,
): Promise<BankImportResult> {
  const fileProblems = options.fileProblems ?? [];
  const { planned, problems } = await planLines(context, lines);
  if (fileProblems.length > 0 || problems.length > 0) {
    return { ok: false, problems: [...fileProblems, ...problems].sort((a, b) => a.line - b.line), partial: null };
  }
  const lineCount = lines.length;
  const tally = makeTally(options.dryRun, lineCount);
  if (options.dryRun) {
    for (const item of planned) {
      const { line } = item;
      if (item.kind === 'duplicate') tally.add({ line: line.line, bankTxnId: line.bankTxnId, kind: 'duplicate' });
      else if (item.kind === 'unmatched')
        tally.add({
          line: line.line,
          bankTxnId: line.bankTxnId,
          kind: 'unmatched',
          amountMinor: line.amountMinor,
          currency: line.currency,
        });
      else
        tally.add({
          line: line.line,
          bankTxnId: line.bankTxnId,
          kind: 'applied',
          amountMinor: line.amountMinor,
          currency: line.currency,
          accountRef: item.target.accountRef,
          linkReference: item.target.link?.reference ?? null,
        });
    }
    return { ok: true, summary: tally.summary() };
  }
  const refused: BankFileProblem[] = [];
  for (const item of planned) {
    const { line } = item;
    if (item.kind === 'duplicate') {
      tally.add({ line: line.line, bankTxnId: line.bankTxnId, kind: 'duplicate' });
      continue;
    }
    try {
      tally.add(item.kind === 'apply' ? await applyLine(context, line, item.target) : await storeUnmatched(context, line));
    } catch (error) {
      // The ledger changed between the check and this line (another writer): the line is reported, the others still apply.
      if (!(error instanceof LedgerError)) throw error;
      refused.push(refusalProblem(line, error));
    }
  }
  if (refused.length > 0) return { ok: false, problems: refused, partial: tally.summary() };
  return { ok: true, summary: tally.summary() };
}
