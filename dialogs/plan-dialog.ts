import { ComponentDialog, TextPrompt, WaterfallDialog, type WaterfallStepContext } from './dialog-library.js';
import {
  type AccountView,
  agreePlan,
  isNegotiable,
  minDownPaymentMinor,
  offerPlan,
  type PlanAdjustment,
  type PlanOffer,
  type PlanRequest,
} from '../ledger/index.js';
import type { Entities } from '../nlu/types.js';
import { accountChoiceSteps, chosenAccount } from './account-choice.js';
import { amountOfEntity, amountProblemText } from './amount-input.js';
import { resolveChoice, type Choice } from './choices.js';
import { catalogOf, debtorActor, debtorToday, sendDisclosing, turnKey, verifiedDebtor } from './debtor.js';
import { longDate, money } from './format.js';
import { handToHuman } from './handoff.js';
import { dialogIds } from './ids.js';
import { consentIntent } from './intents.js';
import type { Catalog, Language } from './messages/index.js';
import { sendPayNow } from './pay-now.js';
import { ask } from './prompting.js';
import { refusalText } from './refusals.js';
import type { DialogServices } from './services.js';
import { turnInfo } from './turn.js';

/** Options of PlanDialog: what the debtor said, and (on a restart) the account and request so far. */
export interface PlanOptions {
  readonly text?: string;
  /** What the message that led here carried; an amount in it that cannot be taken is explained with the next offer. */
  readonly entities?: Entities;
  readonly accountId?: string;
  readonly request?: PlanRequest;
  /** The debtor asked for the lowest payments (after hardship): the offer says it is the lowest the policy allows. */
  readonly lowest?: boolean;
}

interface PlanValues {
  offer?: PlanOffer;
  request?: PlanRequest;
  adjusted?: boolean;
}

/** Words that make an amount the down payment: "300 mil de pie", "500 down", "500 now and the rest in 5 payments". */
const downPaymentWords =
  /\b(?:pie|inicial|entrada|enganche|abono|anticipo|down ?payment|upfront|up front|(?:now|today|ahora|hoy|al tiro) (?:and|y) (?:the rest|el resto|lo dem[aá]s|lo que queda))\b/i;
/** Asking for a plan without a down payment ("¿y sin pie?", "no down payment"): the policy's minimum answers it. */
const noDownPaymentWords =
  /\b(?:sin (?:pie|inicial|entrada|enganche|anticipo)|no down ?payment|without (?:a |any )?down ?payment|(?:zero|nothing) (?:down|upfront|up front))\b/i;
/** A plan found too dear ("muy caro", "too expensive"): the debtor is asked what would work. */
const tooDearKeywords = [
  'caro',
  'muy caro',
  'mucho',
  'muy alto',
  'no me alcanza',
  'menos',
  'mas bajo',
  'mas barato',
  'otra opcion',
  'too expensive',
  'too much',
  'too high',
  'cant afford',
  'can t afford',
  'lower',
  'less',
  'cheaper',
  'another option',
  'other option',
];

/** Turns what the debtor said into a plan request: a count, and an amount read as a down payment or a monthly payment. */
export function planRequestFrom(text: string, entities: Entities | undefined, account: AccountView): PlanRequest {
  const reading = amountOfEntity(entities?.amount, account.currency);
  const request: { count?: number; monthlyAmountMinor?: number; downPaymentMinor?: number } = {};
  if (entities?.count !== undefined) request.count = entities.count;
  if (noDownPaymentWords.test(text)) request.downPaymentMinor = 0;
  if (reading?.ok) {
    if (downPaymentWords.test(text)) request.downPaymentMinor = reading.amountMinor;
    else request.monthlyAmountMinor = reading.amountMinor;
  }
  return request;
}

/** What the plan offered answers: the monthly amount the debtor asked for, if any, and the plan itself. */
interface AdjustedPlan {
  readonly askedMonthlyMinor: number | undefined;
  readonly offer: PlanOffer;
}

function adjustmentText(
  adjustment: PlanAdjustment,
  messages: Catalog,
  account: AccountView,
  dialogs: DialogServices,
  language: Language,
  country: string,
  { askedMonthlyMinor, offer }: AdjustedPlan,
): string {
  const rules = dialogs.ledger.policy.installments;
  const minimumMinor = rules.minInstallmentMinor[account.currency] ?? 0;
  const format = (minor: number) => money(minor, account.currency, language, country);
  const minimum = format(minimumMinor);
  switch (adjustment) {
    case 'count_above_max':
      return messages.planAdjusted.count_above_max(rules.maxCount);
    case 'count_below_min':
      return messages.planAdjusted.count_below_min(rules.minCount);
    case 'installment_below_min':
      return messages.planAdjusted.installment_below_min(minimum);
    case 'monthly_amount_too_low': {
      // An amount above the minimum payment is too low only because it would take more payments than the policy allows.
      const lowest = offer.installments.at(-1)?.amountMinor;
      return askedMonthlyMinor !== undefined && askedMonthlyMinor >= minimumMinor && lowest !== undefined
        ? messages.planAdjusted.monthly_amount_too_many_payments(format(askedMonthlyMinor), offer.installmentCount, format(lowest))
        : messages.planAdjusted.monthly_amount_too_low(minimum);
    }
    case 'down_payment_below_min':
      return messages.planAdjusted.down_payment_below_min(
        money(minDownPaymentMinor(account.balanceMinor, dialogs.ledger.policy), account.currency, language, country),
      );
    case 'down_payment_too_high':
      return messages.planAdjusted.down_payment_too_high;
  }
}

/**
 * Installment-plan negotiation: the nearest plan the policy allows to what the debtor asked (a
 * count, a monthly amount or a down payment), with its whole schedule read back; the debtor accepts,
 * adjusts or declines, and the plan is recorded only after a clear yes.
 */
export class PlanDialog extends ComponentDialog {
  private readonly stepsId = `${dialogIds.plan}.steps`;

  constructor(private readonly services: DialogServices) {
    super(dialogIds.plan);
    this.addDialog(new TextPrompt(dialogIds.text));
    this.addDialog(
      new WaterfallDialog(this.stepsId, [
        ...accountChoiceSteps(services, isNegotiable, async (step) => {
          await sendDisclosing(step.context, catalogOf(step.context).noOfferableAccount);
        }),
        this.offer.bind(this),
        this.decide.bind(this),
        this.readChange.bind(this),
      ]),
    );
    this.initialDialogId = this.stepsId;
  }

  private choices(step: WaterfallStepContext, adjusted: boolean): Choice[] {
    const messages = catalogOf(step.context);
    return [
      { value: 'accept', title: messages.choices.accept, intents: ['affirm'] },
      { value: 'change', title: messages.choices.change, keywords: tooDearKeywords },
      { value: 'decline', title: messages.choices.decline, intents: ['deny', 'goodbye'] },
      ...(adjusted ? [{ value: 'human', title: messages.choices.human, intents: ['human' as const] }] : []),
    ];
  }

  private async offer(step: WaterfallStepContext) {
    const account = await chosenAccount(this.services, step);
    if (!account) return step.endDialog();
    const options = (step.options ?? {}) as PlanOptions;
    const values = step.values as PlanValues;
    const debtor = verifiedDebtor(step.context);
    const { language } = turnInfo(step.context);
    const messages = catalogOf(step.context);
    const request = options.request ?? planRequestFrom(options.text ?? '', options.entities, account);
    const reading = amountOfEntity(options.entities?.amount, account.currency);
    const result = offerPlan(account, this.services.ledger.policy, debtorToday(this.services, debtor), request);
    if (!result.ok) {
      await sendDisclosing(step.context, refusalText(result.refusal, messages, account.currency, language, debtor.country));
      return step.endDialog();
    }
    const { offer, adjustments } = result;
    values.offer = offer;
    values.request = request;
    values.adjusted = adjustments.length > 0;
    const format = (minor: number) => money(minor, offer.currency, language, debtor.country);
    const [first, second] = offer.installments;
    const summary = messages.planSummary(
      offer.downPaymentMinor > 0 ? format(offer.downPaymentMinor) : null,
      offer.installmentCount,
      format((second ?? first)?.amountMinor ?? 0),
      format(first?.amountMinor ?? 0),
      longDate(first?.dueDateIso ?? '', language),
      format(offer.agreedAmountMinor),
    );
    const schedule = [
      ...(offer.downPaymentMinor > 0 && offer.downPaymentDueIso
        ? [messages.scheduleLine(messages.downPaymentLabel, longDate(offer.downPaymentDueIso, language), format(offer.downPaymentMinor))]
        : []),
      ...offer.installments.map((item) =>
        messages.scheduleLine(messages.installmentLabel(item.sequence), longDate(item.dueDateIso, language), format(item.amountMinor)),
      ),
    ];
    const text = [
      ...(reading && !reading.ok ? [amountProblemText(reading.problem, messages, account.currency)] : []),
      ...adjustments.map((adjustment) =>
        adjustmentText(adjustment, messages, account, this.services, language, debtor.country, {
          askedMonthlyMinor: request.monthlyAmountMinor,
          offer,
        }),
      ),
      options.lowest && adjustments.length === 0 ? messages.planLowestOffer(summary) : messages.planOffer(summary),
      '',
      messages.planSchedule(schedule),
      '',
      messages.confirmPlan,
    ].join('\n');
    return ask(step, 'plan.confirm', text, {
      choices: this.choices(step, values.adjusted),
      answers: ['payment_plan', 'affirm', 'deny'],
      disclosing: true,
    });
  }

  private async decide(step: WaterfallStepContext) {
    const values = step.values as PlanValues;
    const account = await chosenAccount(this.services, step);
    const offer = values.offer;
    if (!offer || !account) return step.endDialog();
    const info = turnInfo(step.context);
    const debtor = verifiedDebtor(step.context);
    const messages = catalogOf(step.context);
    const reply = String(step.result ?? '');
    const { entities } = info.recognition;
    if (entities.count !== undefined || entities.amount !== undefined || noDownPaymentWords.test(reply)) {
      return step.replaceDialog(this.stepsId, {
        accountId: account.id,
        request: planRequestFrom(reply, entities, account),
        entities,
      } satisfies PlanOptions);
    }
    const picked = resolveChoice(reply, this.choices(step, values.adjusted ?? false), consentIntent(info.recognition, reply));
    switch (picked?.value) {
      case 'accept': {
        const planKey = turnKey(step.context, 'plan');
        const outcome = await agreePlan(info.ledger, {
          idempotencyKey: planKey,
          accountId: account.id,
          acceptedOffer: offer,
          request: values.request ?? {},
          todayIso: debtorToday(this.services, debtor),
          actor: debtorActor(step.context),
        });
        if (!outcome.ok) {
          await step.context.sendActivity(refusalText(outcome.refusal, messages, account.currency, info.language, debtor.country));
          return step.endDialog();
        }
        if (!outcome.replayed) this.services.metrics.agreementRecorded('plan');
        const reminderDays = -(this.services.ledger.policy.outbound.offsets.installment_due[0] ?? 1);
        const reminders = this.services.remindersOn && reminderDays > 0 ? ` ${messages.planReminders(reminderDays)}` : '';
        await sendPayNow(step.context, this.services, {
          accountId: account.id,
          purpose: outcome.agreement.downPaymentMinor > 0 ? 'down_payment' : 'installment',
          keyBase: planKey,
          lead: `${messages.planRecorded(`AGR-${outcome.agreement.id.slice(0, 8).toUpperCase()}`)}${reminders}`,
        });
        return step.endDialog(outcome.agreement);
      }
      case 'change':
        return ask(step, 'plan.change', messages.askPlanChange, { answers: ['payment_plan', 'promise_to_pay', 'hardship'] });
      case 'decline':
        await step.context.sendActivity(messages.planDeclined);
        return step.endDialog();
      case 'human':
        await handToHuman(step.context, this.services, 'exception');
        return step.endDialog();
      default:
        return step.replaceDialog(this.stepsId, { accountId: account.id, request: values.request ?? {} } satisfies PlanOptions);
    }
  }

  private async readChange(step: WaterfallStepContext) {
    const account = await chosenAccount(this.services, step);
    if (!account) return step.endDialog();
    const { entities } = turnInfo(step.context).recognition;
    const reply = String(step.result ?? '');
    const bareCount = /^\s*(\d{1,2})\s*$/.exec(reply);
    const request =
      bareCount && entities.amount === undefined ? { count: Number(bareCount[1]) } : planRequestFrom(reply, entities, account);
    return step.replaceDialog(this.stepsId, { accountId: account.id, request, entities } satisfies PlanOptions);
  }
}
