import { ComponentDialog, TextPrompt, WaterfallDialog, type WaterfallStepContext } from './dialog-library.js';
import { addDays } from '../lib/calendar.js';
import { isNegotiable, minPromiseMinor, recordPromise, validatePromise } from '../ledger/index.js';
import type { Entities } from '../nlu/types.js';
import { accountChoiceSteps, chosenAccount } from './account-choice.js';
import { amountFromReply, amountOfEntity, amountProblemText } from './amount-input.js';
import { resolveChoice, type Choice } from './choices.js';
import { catalogOf, debtorActor, debtorToday, sendDisclosing, turnKey, verifiedDebtor } from './debtor.js';
import { longDate, money } from './format.js';
import { dialogIds } from './ids.js';
import { consentIntent } from './intents.js';
import { sendPayNow } from './pay-now.js';
import { ask } from './prompting.js';
import { refusalText } from './refusals.js';
import type { DialogServices } from './services.js';
import { turnInfo } from './turn.js';

/** Options of PromiseDialog: what the debtor said, and (on a retry) the account. */
export interface PromiseOptions {
  readonly entities?: Entities;
  readonly accountId?: string;
  /** An amount already understood, on a retry for the date. */
  readonly amountMinor?: number;
}

interface PromiseValues {
  amountMinor?: number;
  dueDateIso?: string;
}

/** A promise to pay: amount and date (asked when missing), validated by the policy, read back, recorded after a yes. */
export class PromiseDialog extends ComponentDialog {
  private readonly stepsId = `${dialogIds.promise}.steps`;

  constructor(private readonly services: DialogServices) {
    super(dialogIds.promise);
    this.addDialog(new TextPrompt(dialogIds.text));
    this.addDialog(
      new WaterfallDialog(this.stepsId, [
        ...accountChoiceSteps(services, isNegotiable, async (step) => {
          await sendDisclosing(step.context, catalogOf(step.context).noOfferableAccount);
        }),
        this.askAmount.bind(this),
        this.askDate.bind(this),
        this.confirm.bind(this),
        this.record.bind(this),
      ]),
    );
    this.initialDialogId = this.stepsId;
  }

  private yesNo(step: WaterfallStepContext): Choice[] {
    const messages = catalogOf(step.context);
    return [
      { value: 'yes', title: messages.choices.yes, intents: ['affirm', 'promise_to_pay'] },
      { value: 'no', title: messages.choices.no, intents: ['deny'] },
    ];
  }

  private async askAmount(step: WaterfallStepContext) {
    const account = await chosenAccount(this.services, step);
    if (!account) return step.endDialog();
    const values = step.values as PromiseValues;
    const options = (step.options ?? {}) as PromiseOptions;
    const entities = options.entities;
    const debtor = verifiedDebtor(step.context);
    const { language } = turnInfo(step.context);
    if (entities?.date) {
      // A day the policy refuses ("I get paid on the 15th" when the 8th is the latest) is said at once; it is asked again later.
      const policy = this.services.ledger.policy;
      const dateCheck = validatePromise(account, policy, debtorToday(this.services, debtor), {
        amountMinor: minPromiseMinor(account, policy),
        dueDateIso: entities.date,
      });
      if (!dateCheck.ok && (dateCheck.refusal.code === 'date_in_past' || dateCheck.refusal.code === 'date_too_far'))
        await step.context.sendActivity(
          refusalText(dateCheck.refusal, catalogOf(step.context), account.currency, language, debtor.country),
        );
      else values.dueDateIso = entities.date;
    }
    if (options.amountMinor !== undefined) return step.next(options.amountMinor);
    const reading = amountOfEntity(entities?.amount, account.currency);
    if (reading?.ok) return step.next(reading.amountMinor);
    if (reading) await step.context.sendActivity(amountProblemText(reading.problem, catalogOf(step.context), account.currency));
    const format = (minor: number) => money(minor, account.currency, language, debtor.country);
    return ask(
      step,
      'promise.amount',
      catalogOf(step.context).askPromiseAmount(format(minPromiseMinor(account, this.services.ledger.policy)), format(account.balanceMinor)),
      { answers: ['promise_to_pay', 'pay_full'], disclosing: true },
    );
  }

  private async askDate(step: WaterfallStepContext) {
    const account = await chosenAccount(this.services, step);
    if (!account) return step.endDialog();
    const values = step.values as PromiseValues;
    const info = turnInfo(step.context);
    const reading =
      typeof step.result === 'number'
        ? { ok: true as const, amountMinor: step.result }
        : amountFromReply(String(step.result ?? ''), info.recognition.entities.amount, account.currency);
    if (!values.dueDateIso && typeof step.result !== 'number' && info.recognition.entities.date)
      values.dueDateIso = info.recognition.entities.date;
    // The amount is asked again, keeping a day the debtor gave meanwhile ("I get paid on the 15th").
    const askAmountAgain = () =>
      step.replaceDialog(this.stepsId, {
        accountId: account.id,
        ...(values.dueDateIso ? { entities: { date: values.dueDateIso } } : {}),
      } satisfies PromiseOptions);
    if (!reading?.ok) {
      // "no", "bye" instead of an amount: nothing is promised, and the amount is not asked again.
      if (!reading && (info.recognition.intent === 'deny' || info.recognition.intent === 'goodbye')) {
        await step.context.sendActivity(catalogOf(step.context).promiseDeclined);
        return step.endDialog();
      }
      if (reading) await step.context.sendActivity(amountProblemText(reading.problem, catalogOf(step.context), account.currency));
      return askAmountAgain();
    }
    const debtor = verifiedDebtor(step.context);
    const today = debtorToday(this.services, debtor);
    // An amount the policy refuses is said at once, before the date is asked for.
    const amountCheck = validatePromise(account, this.services.ledger.policy, today, {
      amountMinor: reading.amountMinor,
      dueDateIso: today,
    });
    if (!amountCheck.ok && (amountCheck.refusal.code === 'amount_below_min' || amountCheck.refusal.code === 'amount_above_balance')) {
      await step.context.sendActivity(
        refusalText(amountCheck.refusal, catalogOf(step.context), account.currency, info.language, debtor.country),
      );
      return askAmountAgain();
    }
    values.amountMinor = reading.amountMinor;
    if (values.dueDateIso) return step.next(values.dueDateIso);
    const latest = addDays(today, this.services.ledger.policy.promise.maxDaysAhead);
    return ask(step, 'promise.date', catalogOf(step.context).askPromiseDate(longDate(latest, info.language)), {
      answers: ['promise_to_pay'],
    });
  }

  private async confirm(step: WaterfallStepContext) {
    const account = await chosenAccount(this.services, step);
    if (!account) return step.endDialog();
    const values = step.values as PromiseValues;
    const info = turnInfo(step.context);
    const debtor = verifiedDebtor(step.context);
    const messages = catalogOf(step.context);
    if (!values.dueDateIso) values.dueDateIso = info.recognition.entities.date;
    if (!values.dueDateIso)
      return step.replaceDialog(this.stepsId, {
        accountId: account.id,
        ...(values.amountMinor === undefined ? {} : { amountMinor: values.amountMinor }),
      } satisfies PromiseOptions);
    const checked = validatePromise(account, this.services.ledger.policy, debtorToday(this.services, debtor), {
      amountMinor: values.amountMinor ?? 0,
      dueDateIso: values.dueDateIso,
    });
    if (!checked.ok) {
      await step.context.sendActivity(refusalText(checked.refusal, messages, account.currency, info.language, debtor.country));
      if (
        checked.refusal.code === 'account_on_hold' ||
        checked.refusal.code === 'account_not_active' ||
        checked.refusal.code === 'nothing_owed'
      )
        return step.endDialog();
      // A refused date is asked for again with the amount kept; a refused amount, the other way round.
      const dateRefused = checked.refusal.code === 'date_in_past' || checked.refusal.code === 'date_too_far';
      return step.replaceDialog(this.stepsId, {
        accountId: account.id,
        ...(dateRefused && values.amountMinor !== undefined ? { amountMinor: values.amountMinor } : {}),
        ...(!dateRefused ? { entities: { date: values.dueDateIso } } : {}),
      } satisfies PromiseOptions);
    }
    const text = messages.confirmPromise(
      money(checked.promise.amountMinor, account.currency, info.language, debtor.country),
      longDate(checked.promise.dueDateIso, info.language),
    );
    return ask(step, 'promise.confirm', text, {
      choices: this.yesNo(step),
      answers: ['promise_to_pay', 'affirm', 'deny'],
      disclosing: true,
    });
  }

  private async record(step: WaterfallStepContext) {
    const account = await chosenAccount(this.services, step);
    const values = step.values as PromiseValues;
    if (!account || values.amountMinor === undefined || !values.dueDateIso) return step.endDialog();
    const info = turnInfo(step.context);
    const debtor = verifiedDebtor(step.context);
    const messages = catalogOf(step.context);
    const reply = String(step.result ?? '');
    const picked = resolveChoice(reply, this.yesNo(step), consentIntent(info.recognition, reply));
    if (picked?.value !== 'yes') {
      await step.context.sendActivity(messages.promiseDeclined);
      return step.endDialog();
    }
    const promiseKey = turnKey(step.context, 'promise');
    const outcome = await recordPromise(info.ledger, {
      idempotencyKey: promiseKey,
      accountId: account.id,
      amountMinor: values.amountMinor,
      dueDateIso: values.dueDateIso,
      todayIso: debtorToday(this.services, debtor),
      actor: debtorActor(step.context),
    });
    if (!outcome.ok) {
      await step.context.sendActivity(refusalText(outcome.refusal, messages, account.currency, info.language, debtor.country));
      return step.endDialog();
    }
    if (!outcome.replayed) this.services.metrics.agreementRecorded('promise');
    await sendPayNow(step.context, this.services, {
      accountId: account.id,
      purpose: 'promise',
      promiseId: outcome.promise.id,
      keyBase: promiseKey,
      lead: messages.promiseRecorded(
        money(outcome.promise.amountMinor, account.currency, info.language, debtor.country),
        longDate(outcome.promise.dueDateIso, info.language),
      ),
    });
    return step.endDialog();
  }
}
