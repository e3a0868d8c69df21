// Promises and plans an agent records for the verified debtor of a conversation, through the same
// policy engine as the bot; plans outside the policy only for supervisors/admins (audited exceptions).
import type { RequestHandler } from 'express';
import { z } from 'zod';
import { dateInTimeZone } from '../../../lib/calendar.js';
import {
  agreePlan,
  agreePlanException,
  conversationDetail,
  formatMoney,
  maxInstallmentCount,
  minorToMajorString,
  offerPlan,
  parseMajorToMinor,
  recordPromise,
  type AccountView,
  type Refusal,
} from '../../../ledger/index.js';
import { authorizeAction, conversationIdOf } from '../access.js';
import { ConsoleError, parseWith } from '../errors.js';
import { canOverride } from '../sessions.js';
import { debtorLocale, toAgreementPanelView, toRefusalView } from '../views.js';
import type { ApiRoute, ConsoleDeps } from './route-table.js';

const decimal = z
  .string()
  .trim()
  .regex(/^\d{1,15}(\.\d{1,4})?$/, 'must be a decimal amount like 1234.50');
const idempotencyKeyHeader = z
  .string('is required: one key per action, the same on a retry')
  .regex(/^[A-Za-z0-9_-]{8,100}$/, 'must be 8-100 letters, digits, _ or -');
const accountId = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'is not an account id');

const promiseSchema = z.object({
  accountId,
  amount: decimal,
  dateIso: z.iso.date('must be a date YYYY-MM-DD'),
});

const planSchema = z.object({
  accountId,
  count: z
    .number('must be a number')
    .int('must be a whole number')
    .min(1, 'must be at least 1')
    .max(maxInstallmentCount, `must be at most ${maxInstallmentCount}`),
  downPayment: decimal.optional(),
  exception: z.boolean('must be true or false').optional(),
});

/** The `Idempotency-Key` header every recording request carries (the console makes one per action and repeats it on a retry). */
function idempotencyKeyOf(request: Parameters<RequestHandler>[0]): string {
  return `console-${parseWith(z.object({ 'idempotency-key': idempotencyKeyHeader }), { 'idempotency-key': request.get('Idempotency-Key') })['idempotency-key']}`;
}

/** The verified debtor's account in this conversation: 409 when the debtor is not verified, 404 for another account. */
async function verifiedAccount(
  deps: ConsoleDeps,
  conversationId: string,
  wantedId: string,
): Promise<{ account: AccountView; todayIso: string; locale: string }> {
  const detail = await conversationDetail(deps.ledger, conversationId, 1);
  if (!detail.debtor)
    throw new ConsoleError(409, 'not_verified', 'the debtor was not verified in this conversation; nothing can be recorded');
  const account = detail.debtor.accounts.find((candidate) => candidate.id === wantedId);
  if (!account) throw new ConsoleError(404, 'account_not_found', 'no such account for this debtor');
  return {
    account,
    todayIso: dateInTimeZone(deps.now(), detail.debtor.timezone),
    locale: debtorLocale(detail.debtor.language, detail.debtor.country),
  };
}

function refused(refusal: Refusal, account: AccountView, locale: string): ConsoleError {
  return new ConsoleError(422, 'policy_refusal', `the policy does not allow this (${refusal.code})`, {
    refusal: toRefusalView(refusal, account.currency, locale),
  });
}

/** Recording promises and plans (the holder, or a supervisor/admin). */
export function agreementRoutes(deps: ConsoleDeps): ApiRoute[] {
  const promise: RequestHandler = async (request, response) => {
    const conversationId = conversationIdOf(request);
    const input = parseWith(promiseSchema, request.body);
    const agent = await authorizeAction(deps, request, conversationId);
    const { account, todayIso, locale } = await verifiedAccount(deps, conversationId, input.accountId);
    const result = await recordPromise(deps.ledger, {
      idempotencyKey: idempotencyKeyOf(request),
      accountId: account.id,
      amountMinor: parseMajorToMinor(input.amount, account.currency),
      dueDateIso: input.dateIso,
      todayIso,
      actor: { type: 'agent', id: agent.id },
    });
    if (!result.ok) throw refused(result.refusal, account, locale);
    deps.logger.info({ conversationId, agentId: agent.id, promiseId: result.promise.id }, 'promise recorded by agent');
    const recorded = result.promise;
    response.status(result.replayed ? 200 : 201).json({
      replayed: result.replayed,
      promise: {
        id: recorded.id,
        accountId: account.id,
        accountRef: account.externalRef,
        amount: formatMoney({ amountMinor: recorded.amountMinor, currency: account.currency }, locale),
        dueDateIso: recorded.dueDateIso,
        status: recorded.status,
      },
    });
  };

  const plan: RequestHandler = async (request, response) => {
    const conversationId = conversationIdOf(request);
    const input = parseWith(planSchema, request.body);
    const agent = await authorizeAction(deps, request, conversationId);
    if (input.exception && !canOverride(agent))
      throw new ConsoleError(403, 'exception_not_allowed', 'only a supervisor or admin can agree a plan outside the policy');
    const { account, todayIso, locale } = await verifiedAccount(deps, conversationId, input.accountId);
    const downPaymentMinor = input.downPayment === undefined ? undefined : parseMajorToMinor(input.downPayment, account.currency);
    const key = idempotencyKeyOf(request);
    const actor = { type: 'agent', id: agent.id } as const;
    let outcome;
    if (input.exception) {
      outcome = await agreePlanException(deps.ledger, {
        idempotencyKey: key,
        accountId: account.id,
        installmentCount: input.count,
        downPaymentMinor: downPaymentMinor ?? 0,
        todayIso,
        actor,
      });
    } else {
      const request = { count: input.count, ...(downPaymentMinor === undefined ? {} : { downPaymentMinor }) };
      const offered = offerPlan(account, deps.ledger.policy, todayIso, request);
      if (!offered.ok) throw refused(offered.refusal, account, locale);
      if (offered.adjustments.length > 0) {
        const allowed = offered.offer;
        throw new ConsoleError(422, 'outside_policy', 'the policy does not allow this plan; the nearest allowed plan is attached', {
          adjustments: offered.adjustments,
          allowed: {
            count: allowed.installmentCount,
            downPayment: formatMoney({ amountMinor: allowed.downPaymentMinor, currency: account.currency }, locale),
            downPaymentMajor: minorToMajorString(allowed.downPaymentMinor, account.currency),
            installment: formatMoney({ amountMinor: allowed.installments[0]?.amountMinor ?? 0, currency: account.currency }, locale),
          },
        });
      }
      outcome = await agreePlan(deps.ledger, {
        idempotencyKey: key,
        accountId: account.id,
        acceptedOffer: offered.offer,
        todayIso,
        actor,
        request,
      });
    }
    if (!outcome.ok) throw refused(outcome.refusal, account, locale);
    deps.logger.info(
      { conversationId, agentId: agent.id, agreementId: outcome.agreement.id, policyException: Boolean(input.exception) },
      'plan recorded by agent',
    );
    response
      .status(outcome.replayed ? 200 : 201)
      .json({ replayed: outcome.replayed, agreement: toAgreementPanelView(outcome.agreement, locale, account.externalRef) });
  };

  return [
    { method: 'post', path: '/conversations/:id/promise', access: 'agent', handler: promise },
    { method: 'post', path: '/conversations/:id/plan', access: 'agent', handler: plan },
  ];
}
