// Payments in the console (DESIGN §13): a debtor's payments per account with where each went (down payment,
// installment, balance, credit, discount written off) and how the plan stands; and the payments desk, where agents
// assign payments no reference matched to an account and match debtors' "I already paid" claims to a payment.
// Any logged-in agent: the debtor panel is theirs to read, and the bot records claims "for an agent to check".
// Money leaves as integers of minor units with the currency and its number of decimals; the browser formats it.
import type { Request, RequestHandler } from 'express';
import { z } from 'zod';
import {
  accountIdByRef,
  assignUnmatchedPayment,
  debtorPayments,
  exponentOf,
  isCurrencyCode,
  LedgerError,
  matchPaymentClaim,
  paymentsDesk,
  type AccountPayments,
  type PaymentClaimView,
  type PaymentRecordView,
  type UnmatchedPaymentView,
} from '../../../ledger/index.js';
import { ConsoleError, parseWith } from '../errors.js';
import { sessionOf } from '../sessions.js';
import type { ApiRoute, ConsoleDeps } from './route-table.js';

const recordId = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'is not an id');
const debtorParams = z.object({ debtorId: recordId });
const claimParams = z.object({ claimId: recordId });
const unmatchedParams = z.object({ id: recordId });
const matchBody = z.union([z.object({ paymentId: recordId }).strict(), z.object({ unmatchedPaymentId: recordId }).strict()], {
  error: 'send {"paymentId":"…"} or {"unmatchedPaymentId":"…"}',
});
const assignBody = z.object({ accountRef: z.string('is required').trim().min(1, 'must not be empty').max(100, 'is too long') }).strict();
const idempotencyKeyHeader = z
  .string('is required: one key per action, the same on a retry')
  .regex(/^[A-Za-z0-9_-]{8,100}$/, 'must be 8-100 letters, digits, _ or -');

/** How many answers of desk actions are kept for replays (oldest forgotten first). */
export const replayedAnswersKept = 2000;

/** Decimals of a currency's minor unit, for the browser's formatting (2 for a code the ledger does not know). */
function digitsOf(currency: string): number {
  return isCurrencyCode(currency) ? exponentOf(currency) : 2;
}

function toPaymentView(payment: PaymentRecordView) {
  return {
    id: payment.id,
    kind: payment.kind,
    source: payment.source,
    amountMinor: payment.amountMinor,
    creditMinor: payment.creditMinor,
    paidOnIso: payment.paidOnIso,
    recordedAtIso: payment.createdAt.toISOString(),
    reversedAtIso: payment.reversedAt?.toISOString() ?? null,
    reversesPaymentId: payment.reversesPaymentId,
    providerPaymentId: payment.providerPaymentId,
    applications: payment.applications.map((part) => ({
      target: part.target,
      agreementId: part.agreementId,
      sequence: part.sequence,
      amountMinor: part.amountMinor,
    })),
  };
}

function toClaimView(claim: PaymentClaimView) {
  return {
    id: claim.id,
    accountId: claim.accountId,
    accountRef: claim.accountRef,
    debtorId: claim.debtorId,
    currency: claim.currency,
    currencyDigits: digitsOf(claim.currency),
    amountMinor: claim.amountMinor,
    paidOnIso: claim.paidOnIso,
    status: claim.status,
    matchedPaymentId: claim.matchedPaymentId,
    createdAtIso: claim.createdAt.toISOString(),
  };
}

function toUnmatchedView(payment: UnmatchedPaymentView) {
  return {
    id: payment.id,
    source: payment.source,
    externalId: payment.externalId,
    reference: payment.reference,
    currency: payment.currency,
    currencyDigits: digitsOf(payment.currency),
    amountMinor: payment.amountMinor,
    paidOnIso: payment.paidOnIso,
    receivedAtIso: payment.createdAt.toISOString(),
  };
}

function toAccountView(account: AccountPayments) {
  return {
    accountId: account.accountId,
    accountRef: account.accountRef,
    currency: account.currency,
    currencyDigits: digitsOf(account.currency),
    balanceMinor: account.balanceMinor,
    creditMinor: account.creditMinor,
    status: account.status,
    agreement: account.agreement && {
      id: account.agreement.id,
      kind: account.agreement.kind,
      standing: account.agreement.standing,
      obligations: account.agreement.obligations.map((item) => ({
        target: item.target,
        sequence: item.sequence,
        dueDateIso: item.dueDateIso,
        amountMinor: item.amountMinor,
        paidMinor: item.paidMinor,
      })),
    },
    payments: account.payments.map(toPaymentView),
    claims: account.claims.map(toClaimView),
  };
}

/** The ledger's refusals of a desk action as HTTP answers: 409 when it was decided already, 422 when it cannot fit. */
function deskRefusal(error: unknown): unknown {
  if (!(error instanceof LedgerError)) return error;
  switch (error.code) {
    case 'already_matched':
      return new ConsoleError(409, 'already_matched', 'this payment was matched already');
    case 'claim_closed':
      return new ConsoleError(409, 'claim_closed', 'this claim was decided already');
    case 'idempotency_conflict':
      return new ConsoleError(409, 'idempotency_conflict', 'this payment was recorded already with other details');
    case 'currency_mismatch':
      return new ConsoleError(422, 'currency_mismatch', error.message);
    case 'other_account':
      return new ConsoleError(422, 'other_account', error.message);
    default:
      return error;
  }
}

/**
 * The answers of recent desk actions by idempotency key, in this process: a retried request (same key, same request)
 * gets the first answer instead of "already matched", and waits for it while the first is still running; the same
 * key with another request is a conflict. A failure is not kept, so a retry tries again. The ledger itself never
 * applies a payment or decides a claim twice, whichever instance a retry reaches.
 */
class ReplayBook {
  private readonly answers = new Map<string, { readonly request: string; readonly answer: Promise<Record<string, unknown>> }>();

  constructor(private readonly capacity: number) {}

  async run(
    key: string,
    request: string,
    action: () => Promise<Record<string, unknown>>,
  ): Promise<{ readonly replayed: boolean; readonly answer: Record<string, unknown> }> {
    const known = this.answers.get(key);
    if (known) {
      if (known.request !== request)
        throw new ConsoleError(409, 'idempotency_conflict', 'this Idempotency-Key was already used for a different request');
      return { replayed: true, answer: await known.answer };
    }
    const answer = action();
    this.answers.set(key, { request, answer });
    answer.catch(() => this.answers.delete(key));
    if (this.answers.size > this.capacity) {
      const oldest = this.answers.keys().next().value;
      if (oldest !== undefined) this.answers.delete(oldest);
    }
    return { replayed: false, answer: await answer };
  }
}

/** The `Idempotency-Key` header a desk action carries (one key per action, the same on a retry; 400 without it). */
function idempotencyKeyOf(request: Request): string {
  return parseWith(z.object({ 'idempotency-key': idempotencyKeyHeader }), { 'idempotency-key': request.get('Idempotency-Key') })[
    'idempotency-key'
  ];
}

/** The payments routes: a debtor's payments, the desk, matching a claim and assigning an unmatched payment (any agent). */
export function paymentRoutes(deps: ConsoleDeps): ApiRoute[] {
  const replays = new ReplayBook(replayedAnswersKept);

  /** Runs a desk action once per idempotency key; answers 201 the first time, 200 with `replayed` on a retry. */
  const once =
    (name: string, run: (request: Request, agentId: string) => Promise<Record<string, unknown>>): RequestHandler =>
    async (request, response) => {
      const key = idempotencyKeyOf(request);
      const { agent } = sessionOf(request);
      const fingerprint = JSON.stringify([name, request.params, request.body]);
      const { replayed, answer } = await replays.run(key, fingerprint, async () => {
        try {
          return await run(request, agent.id);
        } catch (error) {
          throw deskRefusal(error);
        }
      });
      response.status(replayed ? 200 : 201).json({ replayed, ...answer });
    };

  const payments: RequestHandler = async (request, response) => {
    const { debtorId } = parseWith(debtorParams, request.params);
    const accounts = await debtorPayments(deps.ledger, debtorId, deps.now());
    response.json({ debtorId, accounts: accounts.map(toAccountView) });
  };

  const desk: RequestHandler = async (_request, response) => {
    const found = await paymentsDesk(deps.ledger);
    response.json({ unmatched: found.unmatched.map(toUnmatchedView), claims: found.claims.map(toClaimView) });
  };

  const match = once('match', async (request, agentId) => {
    const { claimId } = parseWith(claimParams, request.params);
    const body = parseWith(matchBody, request.body);
    const matched = await matchPaymentClaim(deps.ledger, { claimId, ...body, actor: { type: 'agent', id: agentId } });
    deps.logger.info(
      { agentId, claimId, paymentId: matched.paymentId, fromUnmatched: 'unmatchedPaymentId' in body },
      'payment claim matched by agent',
    );
    return { claimId, paymentId: matched.paymentId };
  });

  const assign = once('assign', async (request, agentId) => {
    const { id: unmatchedPaymentId } = parseWith(unmatchedParams, request.params);
    const { accountRef } = parseWith(assignBody, request.body);
    const accountId = await accountIdByRef(deps.ledger, accountRef);
    if (!accountId) throw new ConsoleError(404, 'account_not_found', 'no account has that reference');
    const assigned = await assignUnmatchedPayment(deps.ledger, { unmatchedPaymentId, accountId, actor: { type: 'agent', id: agentId } });
    deps.logger.info({ agentId, unmatchedPaymentId, accountId, paymentId: assigned.paymentId }, 'unmatched payment assigned by agent');
    return { unmatchedPaymentId, accountId, accountRef, paymentId: assigned.paymentId };
  });

  return [
    { method: 'get', path: '/debtors/:debtorId/payments', access: 'agent', handler: payments },
    { method: 'get', path: '/payments/desk', access: 'agent', handler: desk },
    { method: 'post', path: '/payment-claims/:claimId/match', access: 'agent', handler: match },
    { method: 'post', path: '/unmatched-payments/:id/assign', access: 'agent', handler: assign },
  ];
}
